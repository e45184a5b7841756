package llmforge.autograd;

import llmforge.kernels.Elementwise;
import llmforge.kernels.Pointwise;
import llmforge.kernels.Pointwise.Fn;
import llmforge.kernels.Selection;
import llmforge.tensor.Tensor;

/** Unary math and selection ops with gradients: exp, log, sigmoid, log-sigmoid, tanh, ..., clamp, min/max, where. */
public final class UnaryMath {
    private UnaryMath() {}

    public static Tensor exp(Tensor x) { return PointwiseOp.apply(Fn.EXP, x); }

    public static Tensor log(Tensor x) { return PointwiseOp.apply(Fn.LOG, x); }

    public static Tensor sigmoid(Tensor x) { return PointwiseOp.apply(Fn.SIGMOID, x); }

    /** log(sigmoid(x)) without overflow or log(0) for large |x| (DPO's loss). */
    public static Tensor logSigmoid(Tensor x) { return PointwiseOp.apply(Fn.LOG_SIGMOID, x); }

    public static Tensor tanh(Tensor x) { return PointwiseOp.apply(Fn.TANH, x); }

    public static Tensor neg(Tensor x) { return PointwiseOp.apply(Fn.NEG, x); }

    public static Tensor square(Tensor x) { return PointwiseOp.apply(Fn.SQUARE, x); }

    public static Tensor sqrt(Tensor x) { return PointwiseOp.apply(Fn.SQRT, x); }

    /** alpha * x. */
    public static Tensor scale(Tensor x, float alpha) {
        Tensor xc = Contiguous.of(x);
        Tensor y = Tensor.empty(xc.shape());
        Pointwise.scale(alpha, xc.segment(), xc.offset(), y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Elementwise.axpy(alpha, dy.segment(), dy.offset(), dx.segment(), dx.offset(), y.size());
        }, x);
        return y;
    }

    /** min(max(x, lo), hi); the gradient passes where lo <= x <= hi. */
    public static Tensor clamp(Tensor x, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp needs lo <= hi, got " + lo + " > " + hi);
        Tensor xc = Contiguous.of(x);
        Tensor y = Tensor.empty(xc.shape());
        Selection.clamp(xc.segment(), xc.offset(), lo, hi, y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Selection.clampBackward(xc.segment(), xc.offset(), lo, hi, dy.segment(), dy.offset(), dx.segment(),
                    dx.offset(), y.size());
        }, x);
        return y;
    }

    public static Tensor maximum(Tensor a, Tensor b) { return minMax(true, a, b); }

    public static Tensor minimum(Tensor a, Tensor b) { return minMax(false, a, b); }

    private static Tensor minMax(boolean max, Tensor a, Tensor b) {
        PointwiseOp.requireSameShape(max ? "maximum" : "minimum", a, b);
        Tensor ac = Contiguous.of(a), bc = Contiguous.of(b);
        Tensor y = Tensor.empty(ac.shape());
        Selection.minMax(max, ac.segment(), ac.offset(), bc.segment(), bc.offset(), y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            Tensor da = Tape.wants(a) ? Grads.of(a) : null, db = Tape.wants(b) ? Grads.of(b) : null;
            Selection.minMaxBackward(max, ac.segment(), ac.offset(), bc.segment(), bc.offset(), dy.segment(),
                    dy.offset(), Contiguous.seg(da), Contiguous.off(da), Contiguous.seg(db),
                    Contiguous.off(db), y.size());
        }, a, b);
        return y;
    }

    /** cond != 0 ? a : b elementwise (all three the same shape; cond takes no gradient). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        PointwiseOp.requireSameShape("where", a, b);
        PointwiseOp.requireSameShape("where (condition)", cond, a);
        Tensor cc = Contiguous.of(cond), ac = Contiguous.of(a), bc = Contiguous.of(b);
        Tensor y = Tensor.empty(ac.shape());
        Selection.where(cc.segment(), cc.offset(), ac.segment(), ac.offset(), bc.segment(), bc.offset(),
                y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            Tensor da = Tape.wants(a) ? Grads.of(a) : null, db = Tape.wants(b) ? Grads.of(b) : null;
            Selection.whereBackward(cc.segment(), cc.offset(), dy.segment(), dy.offset(), Contiguous.seg(da),
                    Contiguous.off(da), Contiguous.seg(db), Contiguous.off(db), y.size());
        }, a, b);
        return y;
    }
}
