package llmforge.autograd;

import llmforge.tensor.Tensor;

/** Kernels read flat row-major runs: ops hand them the tensor itself when it is contiguous, else a copy. */
final class Contiguous {
    private Contiguous() {}

    static Tensor of(Tensor t) { return t.isContiguous() ? t : t.contiguousCopy(); }

    /** Product of all dims but the last: the number of rows a last-dim kernel sees. */
    static int rows(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("expected a tensor with at least one dim, got a scalar");
        return Math.toIntExact(t.size() / Math.max(t.dim(-1), 1));
    }
}
