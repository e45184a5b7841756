package llmforge.autograd;

import llmforge.kernels.LayerNorm;
import llmforge.kernels.RmsNorm;
import llmforge.tensor.Tensor;

/** LayerNorm and RMSNorm over the last dim, with their weight (and bias) gradients. */
public final class Normalization {
    private Normalization() {}

    /** x (..., C), weight (C), bias (C) -> (..., C). */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        Tensor xc = Contiguous.of(x), w = Contiguous.of(weight), b = Contiguous.of(bias);
        int n = Contiguous.rows(xc), c = xc.dim(-1);
        checkChannels("layerNorm weight", w, c);
        checkChannels("layerNorm bias", b, c);
        float[] mean = new float[n], rstd = new float[n];
        Tensor y = Tensor.empty(xc.shape());
        LayerNorm.forward(xc.segment(), xc.offset(), w.segment(), w.offset(), b.segment(), b.offset(),
                y.segment(), y.offset(), mean, rstd, n, c, eps);
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            Tensor dx = Tape.wants(x) ? Grads.of(x) : null, dw = Tape.wants(weight) ? Grads.of(weight) : null,
                    db = Tape.wants(bias) ? Grads.of(bias) : null;
            LayerNorm.backward(dy.segment(), dy.offset(), xc.segment(), xc.offset(), w.segment(), w.offset(), mean,
                    rstd, n, c, Contiguous.seg(dx), Contiguous.off(dx), Contiguous.seg(dw), Contiguous.off(dw), Contiguous.seg(db), Contiguous.off(db));
        }, x, weight, bias);
        return y;
    }

    /** x (..., C), weight (C) -> (..., C): LLaMA's RMSNorm, {@code x / sqrt(mean(x^2) + eps) * weight}. */
    public static Tensor rmsNorm(Tensor x, Tensor weight, float eps) {
        Tensor xc = Contiguous.of(x), w = Contiguous.of(weight);
        int n = Contiguous.rows(xc), c = xc.dim(-1);
        checkChannels("rmsNorm weight", w, c);
        float[] rrms = new float[n];
        Tensor y = Tensor.empty(xc.shape());
        RmsNorm.forward(xc.segment(), xc.offset(), w.segment(), w.offset(), y.segment(), y.offset(), rrms, n, c, eps);
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            Tensor dx = Tape.wants(x) ? Grads.of(x) : null, dw = Tape.wants(weight) ? Grads.of(weight) : null;
            RmsNorm.backward(dy.segment(), dy.offset(), xc.segment(), xc.offset(), w.segment(), w.offset(), rrms,
                    n, c, Contiguous.seg(dx), Contiguous.off(dx), Contiguous.seg(dw), Contiguous.off(dw));
        }, x, weight);
        return y;
    }

    private static void checkChannels(String what, Tensor t, int c) {
        if (t.rank() != 1 || t.dim(0) != c) {
            throw new IllegalArgumentException(what + " must have shape [" + c + "], got " + t);
        }
    }
}
