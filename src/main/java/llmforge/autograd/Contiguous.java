package llmforge.autograd;

import llmforge.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/** Kernels read flat row-major runs: ops hand them the tensor itself when it is contiguous, else a copy. */
final class Contiguous {
    private Contiguous() {}

    static Tensor of(Tensor t) { return t.isContiguous() ? t : t.contiguousCopy(); }

    /** Product of all dims but the last: the number of rows a last-dim kernel sees. */
    static int rows(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("expected a tensor with at least one dim, got a scalar");
        return Math.toIntExact(t.size() / Math.max(t.dim(-1), 1));
    }

    /** Segment and offset of an optional gradient buffer (null when the input wants no gradient). */
    static MemorySegment seg(Tensor t) { return t == null ? null : t.segment(); }

    static long off(Tensor t) { return t == null ? 0 : t.offset(); }
}
