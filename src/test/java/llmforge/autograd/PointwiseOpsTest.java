package llmforge.autograd;

import llmforge.kernels.Pointwise.Fn;
import llmforge.kernels.PointwiseReference;
import llmforge.kernels.SelectionReference;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

class PointwiseOpsTest {
    static void check(String name, Function<Tensor, Tensor> op, Fn f, double lo, double hi) {
        GradCheck.of(name, in -> op.apply(in[0]), x -> PointwiseReference.apply(f, x[0]))
                .run(GradCheck.input(name.hashCode(), lo, hi, 3, 17));
    }

    @Test void activations() {
        check("gelu tanh", Activations::gelu, Fn.GELU_TANH, -5, 5);
        check("gelu erf", Activations::geluExact, Fn.GELU_ERF, -5, 5);
        check("silu", Activations::silu, Fn.SILU, -6, 6);
        GradCheck.of("swiglu", in -> Activations.swiglu(in[0], in[1]), x -> PointwiseReference.swiglu(x[0], x[1]))
                .run(GradCheck.input(1, -5, 5, 4, 9), GradCheck.input(2, -2, 2, 4, 9));
    }

    @Test void unaryMath() {
        check("exp", UnaryMath::exp, Fn.EXP, -3, 3);
        check("log", UnaryMath::log, Fn.LOG, 0.2, 5);
        check("sigmoid", UnaryMath::sigmoid, Fn.SIGMOID, -6, 6);
        check("logSigmoid", UnaryMath::logSigmoid, Fn.LOG_SIGMOID, -20, 20);
        check("tanh", UnaryMath::tanh, Fn.TANH, -3, 3);
        check("neg", UnaryMath::neg, Fn.NEG, -3, 3);
        check("square", UnaryMath::square, Fn.SQUARE, -3, 3);
        check("sqrt", UnaryMath::sqrt, Fn.SQRT, 0.2, 5);
        GradCheck.of("scale", in -> UnaryMath.scale(in[0], -2.5f), x -> {
            double[] y = x[0].clone();
            for (int i = 0; i < y.length; i++) y[i] *= -2.5;
            return y;
        }).run(GradCheck.input(3, -3, 3, 5, 7));
    }

    @Test void selections() {
        // inputs kept away from the kinks: clamp bounds and a/b gaps are far wider than the finite-difference step
        Tensor x = Tensor.persistent(12).copyFrom(new float[] {-3, -1.2f, -0.7f, -0.2f, 0.1f, 0.4f, 0.9f, 1.1f, 1.6f, 2.4f, 3, 5})
                .requiresGrad(true);
        GradCheck.of("clamp", in -> UnaryMath.clamp(in[0], -1f, 1.5f), xs -> SelectionReference.clamp(xs[0], -1, 1.5)).run(x);
        Tensor a = GradCheck.input(4, -2, 2, 40), b = GradCheck.input(5, -2, 2, 40);
        GradCheck.of("maximum", in -> UnaryMath.maximum(in[0], in[1]), xs -> SelectionReference.minMax(true, xs[0], xs[1])).run(a, b);
        GradCheck.of("minimum", in -> UnaryMath.minimum(in[0], in[1]), xs -> SelectionReference.minMax(false, xs[0], xs[1])).run(a, b);
        Tensor cond = Tensor.persistent(40);
        for (int i = 0; i < 40; i++) cond.set(i, i % 3 == 0 ? 1 : 0);
        double[] c = cond.toDoubleArray();
        GradCheck.of("where", in -> UnaryMath.where(cond, in[0], in[1]), xs -> SelectionReference.where(c, xs[0], xs[1])).run(a, b);
    }

    @Test void sameBitsForOneAndTwoThreads() {
        Tensor x = GradCheck.input(6, -4, 4, 90_001), y = GradCheck.input(7, -4, 4, 90_001);
        ThreadInvariance.check("gelu", in -> Activations.gelu(in[0]), x);
        ThreadInvariance.check("geluExact", in -> Activations.geluExact(in[0]), x);
        ThreadInvariance.check("silu", in -> Activations.silu(in[0]), x);
        ThreadInvariance.check("swiglu", in -> Activations.swiglu(in[0], in[1]), x, y);
        ThreadInvariance.check("logSigmoid", in -> UnaryMath.logSigmoid(in[0]), x);
        ThreadInvariance.check("exp", in -> UnaryMath.exp(in[0]), x);
        ThreadInvariance.check("clamp", in -> UnaryMath.clamp(in[0], -1, 1), x);
        ThreadInvariance.check("maximum", in -> UnaryMath.maximum(in[0], in[1]), x, y);
        ThreadInvariance.check("where", in -> UnaryMath.where(in[0], in[0], in[1]), x, y);
    }
}
