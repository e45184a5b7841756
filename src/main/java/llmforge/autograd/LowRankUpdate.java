package llmforge.autograd;

import llmforge.kernels.Elementwise;
import llmforge.kernels.Gemm;
import llmforge.tensor.Tensor;

/**
 * LoRA's update added in place into a Linear's fresh output: y += s·(x·Aᵀ)·Bᵀ with x (..., in), A (r, in),
 * B (out, r), y (..., out). Only the rank-r product is kept for backward, so an adapted Linear holds no more
 * activation memory than a plain one (written as separate ops it kept three more (rows, out) tensors and their
 * gradients, more than the frozen weights saved on small models). Writing into y is safe because nothing has read
 * its values: the Linear's own backward needs x, W and dy only, and both ops read the same dy.
 */
public final class LowRankUpdate {
    private LowRankUpdate() {}

    /** Adds the update into {@code y} (which must be a fresh contiguous output) and returns {@code y}. */
    public static Tensor addInto(Tensor y, Tensor x, Tensor a, Tensor b, float scale) {
        int r = a.dim(0), in = a.dim(1), out = b.dim(0);
        if (b.dim(1) != r || x.dim(-1) != in || y.dim(-1) != out || x.size() / in != y.size() / out) {
            throw new IllegalArgumentException("low-rank update: x " + x + ", A " + a + ", B " + b + " do not fit y " + y);
        }
        y.requireContiguous("low-rank update");
        Tensor xc = Contiguous.of(x), ac = Contiguous.of(a), bc = Contiguous.of(b);
        int rows = Math.toIntExact(y.size() / out);
        Tensor h = Tensor.empty(rows, r);
        // h = s·x·Aᵀ: (rows, in)·(in, r); then y += h·Bᵀ: (rows, r)·(r, out)
        Gemm.sgemm(false, true, rows, r, in, xc.segment(), xc.offset(), in, ac.segment(), ac.offset(), in, h.segment(), h.offset(), r, false);
        Elementwise.scaleInPlace(h.segment(), h.offset(), h.size(), scale);
        Gemm.sgemm(false, true, rows, out, r, h.segment(), h.offset(), r, bc.segment(), bc.offset(), r, y.segment(), y.offset(), out, true);
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            if (Tape.wants(b)) {
                Tensor gb = Grads.of(b);   // dB += dyᵀ·h: (out, rows)·(rows, r)
                Gemm.sgemm(true, false, out, r, rows, dy.segment(), dy.offset(), out, h.segment(), h.offset(), r, gb.segment(), gb.offset(), r, true);
            }
            if (!Tape.wants(a) && !Tape.wants(x)) return;
            Tensor dh = Tensor.empty(rows, r);   // d(x·Aᵀ) = s·dy·B: (rows, out)·(out, r)
            Gemm.sgemm(false, false, rows, r, out, dy.segment(), dy.offset(), out, bc.segment(), bc.offset(), r, dh.segment(), dh.offset(), r, false);
            Elementwise.scaleInPlace(dh.segment(), dh.offset(), dh.size(), scale);
            if (Tape.wants(a)) {
                Tensor ga = Grads.of(a);   // dA += dhᵀ·x: (r, rows)·(rows, in)
                Gemm.sgemm(true, false, r, in, rows, dh.segment(), dh.offset(), r, xc.segment(), xc.offset(), in, ga.segment(), ga.offset(), in, true);
            }
            if (Tape.wants(x)) {
                Tensor gx = Grads.of(x);   // dx += dh·A: (rows, r)·(r, in)
                Gemm.sgemm(false, false, rows, in, r, dh.segment(), dh.offset(), r, ac.segment(), ac.offset(), in, gx.segment(), gx.offset(), in, true);
            }
        }, x, a, b);
        return y;
    }
}
