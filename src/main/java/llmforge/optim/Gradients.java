package llmforge.optim;

import llmforge.autograd.Parameter;
import llmforge.kernels.Elementwise;
import llmforge.kernels.SumOfSquares;
import llmforge.tensor.Tensor;

import java.util.List;

/** Whole-model operations on the gradients of trainable parameters; frozen parameters are skipped. */
public final class Gradients {
    private Gradients() {}

    public static void zero(List<Parameter> params) {
        for (Parameter p : params) if (p.trainable()) p.zeroGrad();
    }

    /** grad *= factor for every trainable parameter. */
    public static void scale(List<Parameter> params, double factor) {
        float f = (float) factor;
        for (Parameter p : params) {
            if (!p.trainable()) continue;
            Tensor g = p.grad();
            Elementwise.scaleInPlace(g.segment(), g.offset(), g.size(), f);
        }
    }

    /** Bytes of the gradient buffers these parameters hold (frozen and forward-only parameters hold none). */
    public static long bufferBytes(List<Parameter> params) {
        long n = 0;
        for (Parameter p : params) if (p.hasGrad()) n += p.size() * Float.BYTES;
        return n;
    }

    /**
     * The L2 norm of all gradients taken as one vector, in double: per-parameter sums of squares added in list
     * order (so the same list always gives the same bits), then one square root. NaN or infinite when any
     * gradient element is.
     */
    public static double globalNorm(List<Parameter> params) {
        double sumSq = 0;
        for (Parameter p : params) {
            if (!p.trainable()) continue;
            Tensor g = p.grad();
            sumSq += SumOfSquares.of(g.segment(), g.offset(), g.size());
        }
        return Math.sqrt(sumSq);
    }
}
