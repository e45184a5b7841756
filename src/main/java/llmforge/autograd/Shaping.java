package llmforge.autograd;

import llmforge.kernels.StridedCopy;
import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;

/** Differentiable reshape, permute/transpose, slice, concatenation and contiguous copies. */
public final class Shaping {
    private Shaping() {}

    /** Same elements, new shape (one dim may be -1); a view when the input is contiguous. */
    public static Tensor reshape(Tensor x, int... shape) {
        Tensor src = contiguous(x);
        Tensor out = src.view(shape);
        Tape.record(out, () -> Grads.accumulate(src, out.grad().view(src.shape())), src);
        return out;
    }

    /** A contiguous copy (e.g. of a transposed view) that gradients flow through. */
    public static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) return x;
        Tensor out = Tensor.empty(x.shape());
        StridedCopy.copy(x.segment(), x.offset(), x.strides(), x.shape(), out.segment(), out.offset(), false);
        // x's gradient buffer is contiguous in x's logical shape, so the gradient maps index for index
        Tape.record(out, () -> Grads.accumulate(x, out.grad()), x);
        return out;
    }

    /** The last two dims swapped without copying: matmul reads such a view as a transposed operand. */
    public static Tensor transposeView(Tensor x) {
        Tensor out = x.transposeLast2();
        Tape.record(out, () -> {
            Tensor g = out.grad().transposeLast2();
            Tensor gx = Grads.of(x);
            StridedCopy.copy(g.segment(), g.offset(), g.strides(), g.shape(), gx.segment(), gx.offset(), true);
        }, x);
        return out;
    }

    /** Element i of the first dimension (dimension dropped), as a view of a contiguous tensor. */
    public static Tensor select0(Tensor x0, int i) {
        Tensor x = contiguous(x0);
        Tensor out = x.select0(i);
        Tape.record(out, () -> {
            Tensor gx = Grads.of(x);
            llmforge.kernels.Elementwise.addInPlace(gx.segment(), gx.offset() + i * x.stride(0), out.grad().segment(),
                    out.grad().offset(), out.size());
        }, x);
        return out;
    }

    /** Reorders dims (output dim i is input dim dims[i]) into a new contiguous tensor. */
    public static Tensor permute(Tensor x, int... dims) {
        Tensor view = x.permuteView(dims);
        Tensor out = Tensor.empty(view.shape());
        StridedCopy.copy(view.segment(), view.offset(), view.strides(), view.shape(), out.segment(), out.offset(), false);
        Tape.record(out, () -> {
            int[] inverse = new int[dims.length];
            for (int i = 0; i < dims.length; i++) inverse[dims[i] < 0 ? dims[i] + dims.length : dims[i]] = i;
            Tensor g = out.grad().permuteView(inverse);
            Tensor gx = Grads.of(x);
            StridedCopy.copy(g.segment(), g.offset(), g.strides(), g.shape(), gx.segment(), gx.offset(), true);
        }, x);
        return out;
    }

    /** Swaps two dims (copying). */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.rank();
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) dims[i] = i;
        int a = d0 < 0 ? d0 + r : d0, b = d1 < 0 ? d1 + r : d1;
        dims[a] = b;
        dims[b] = a;
        return permute(x, dims);
    }

    /** Elements [from, to) along {@code dim}, copied. */
    public static Tensor slice(Tensor x0, int dim, int from, int to) {
        Tensor x = x0.isContiguous() ? x0 : contiguous(x0);
        int d = dim < 0 ? dim + x.rank() : dim;
        int[] s = x.shape();
        if (from < 0 || to > s[d] || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of dim " + d + " of " + x);
        }
        long inner = innerSize(s, d);
        long outer = Shape.numel(s) / (s[d] * inner == 0 ? 1 : s[d] * inner);
        int[] os = s.clone();
        os[d] = to - from;
        Tensor out = Tensor.empty(os);
        long len = (long) (to - from) * inner;
        StridedCopy.blocks(x.segment(), x.offset() + from * inner, s[d] * inner, out.segment(), out.offset(), len,
                len, outer, false);
        Tape.record(out, () -> {
            Tensor gx = Grads.of(x);
            StridedCopy.blocks(out.grad().segment(), out.grad().offset(), len, gx.segment(), gx.offset() + from * inner,
                    s[d] * inner, len, outer, true);
        }, x);
        return out;
    }

    /** Joins tensors along {@code dim}; all other dims must match. */
    public static Tensor concat(int dim, Tensor... xs0) {
        if (xs0.length == 0) throw new IllegalArgumentException("concat of nothing");
        Tensor[] xs = new Tensor[xs0.length];
        for (int i = 0; i < xs.length; i++) xs[i] = contiguous(xs0[i]);
        int r = xs[0].rank();
        int d = dim < 0 ? dim + r : dim;
        int[] os = xs[0].shape();
        int total = 0;
        for (Tensor t : xs) {
            int[] ts = t.shape();
            for (int k = 0; k < r; k++) {
                if (k != d && (ts.length != r || ts[k] != os[k])) {
                    throw new IllegalArgumentException("concat along dim " + d + ": " + t + " does not match " + xs[0]);
                }
            }
            total += ts[d];
        }
        os[d] = total;
        Tensor out = Tensor.empty(os);
        long inner = innerSize(os, d);
        long outer = Shape.numel(os) / Math.max(1, total * inner);
        long outRow = total * inner;
        long at = 0;
        long[] starts = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            long len = xs[i].dim(d) * inner;
            starts[i] = at;
            StridedCopy.blocks(xs[i].segment(), xs[i].offset(), len, out.segment(), out.offset() + at, outRow, len,
                    outer, false);
            at += len;
        }
        Tape.record(out, () -> {
            for (int i = 0; i < xs.length; i++) {
                if (!Tape.wants(xs[i])) continue;
                long len = xs[i].dim(d) * inner;
                Tensor gx = Grads.of(xs[i]);
                StridedCopy.blocks(out.grad().segment(), out.grad().offset() + starts[i], outRow, gx.segment(),
                        gx.offset(), len, len, outer, true);
            }
        }, xs);
        return out;
    }

    private static long innerSize(int[] s, int d) {
        long inner = 1;
        for (int k = d + 1; k < s.length; k++) inner *= s[k];
        return inner;
    }
}
