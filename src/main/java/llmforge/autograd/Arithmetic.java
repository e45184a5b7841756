package llmforge.autograd;

import llmforge.kernels.Elementwise;
import llmforge.kernels.Elementwise.Op;
import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;

/**
 * add / sub / mul / div with NumPy broadcasting. The output is walked as rows of its last dimension; each
 * operand contributes a full row (inner stride 1) or one broadcast value (inner stride 0), so bias adds and
 * per-row scalings run on the vector kernel. Backward sums the gradient over broadcast dimensions.
 */
public final class Arithmetic {
    private Arithmetic() {}

    public static Tensor add(Tensor a, Tensor b) { return binary(Op.ADD, a, b); }

    public static Tensor sub(Tensor a, Tensor b) { return binary(Op.SUB, a, b); }

    public static Tensor mul(Tensor a, Tensor b) { return binary(Op.MUL, a, b); }

    public static Tensor div(Tensor a, Tensor b) { return binary(Op.DIV, a, b); }

    static Tensor binary(Op op, Tensor a0, Tensor b0) {
        Tensor a = a0.isContiguous() ? a0 : a0.contiguousCopy();
        Tensor b = b0.isContiguous() ? b0 : b0.contiguousCopy();
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = Tensor.empty(shape);
        compute(op, a, b, out);
        Tape.record(out, () -> backward(op, a0, a, b0, b, out), a0, b0);
        return out;
    }

    /** out = a op b, all contiguous, out having the broadcast shape. */
    static void compute(Op op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shape();
        int inner = shape.length == 0 ? 1 : shape[shape.length - 1];
        long rows = inner == 0 ? 0 : out.size() / inner;
        Elementwise.binary(op, a.segment(), rowMap(a, shape), innerStride(a, inner), b.segment(), rowMap(b, shape),
                innerStride(b, inner), out.segment(), out.offset(), rows, inner);
    }

    private static int innerStride(Tensor t, int inner) {
        return t.rank() > 0 && t.dim(-1) == inner && inner != 1 ? 1 : 0;
    }

    /** Maps an output row (index over all dims but the last) to the operand's element offset. */
    static Elementwise.RowOffsets rowMap(Tensor t, int[] outShape) {
        int r = outShape.length;
        if (r <= 1) return row -> t.offset();
        int[] dims = new int[r - 1];
        long[] strides = new long[r - 1];
        int[] ts = t.shape();
        long[] cs = Shape.contiguousStrides(ts);
        boolean identity = ts.length == r;
        for (int d = 0; d < r - 1; d++) {
            dims[d] = outShape[d];
            int td = d - (r - ts.length);
            strides[d] = td < 0 || ts[td] == 1 ? 0 : cs[td];
            if (td < 0 || ts[td] != outShape[d]) identity = false;
        }
        long base = t.offset();
        if (identity) {
            long rowLen = ts[r - 1];
            return row -> base + row * rowLen;
        }
        return row -> {
            long off = base;
            for (int d = dims.length - 1; d >= 0; d--) {
                off += (row % dims[d]) * strides[d];
                row /= dims[d];
            }
            return off;
        };
    }

    private static void backward(Op op, Tensor a0, Tensor a, Tensor b0, Tensor b, Tensor out) {
        Tensor g = out.grad();
        if (Tape.wants(a0)) {
            Tensor da = switch (op) {
                case ADD, SUB -> g;
                case MUL -> product(Op.MUL, g, b);
                case DIV -> product(Op.DIV, g, b);
            };
            Grads.accumulate(a0, reduceTo(da, a0.shape()));
        }
        if (Tape.wants(b0)) {
            Tensor db = switch (op) {
                case ADD -> g;
                case SUB -> product(Op.MUL, g, Tensor.scalar(-1f));
                case MUL -> product(Op.MUL, g, a);
                // d(a/b)/db = -a/b^2 = -(out / b)
                case DIV -> product(Op.MUL, product(Op.DIV, g, b), product(Op.MUL, out, Tensor.scalar(-1f)));
            };
            Grads.accumulate(b0, reduceTo(db, b0.shape()));
        }
    }

    private static Tensor product(Op op, Tensor x, Tensor y) {
        Tensor out = Tensor.empty(Shape.broadcast(x.shape(), y.shape()));
        compute(op, x, y, out);
        return out;
    }

    /** Sums a gradient of the broadcast shape down to an operand's shape, in a fixed order. */
    static Tensor reduceTo(Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape(), shape)) return g;
        Tensor r = Tensor.zeros(shape);
        int[] gs = g.shape();
        int rank = gs.length;
        long[] cs = Shape.contiguousStrides(shape);
        long[] map = new long[rank];
        for (int d = 0; d < rank; d++) {
            int td = d - (rank - shape.length);
            map[d] = td < 0 || shape[td] == 1 ? 0 : cs[td];
        }
        float[] src = g.toFloatArray();
        double[] acc = new double[(int) r.size()];
        long[] idx = new long[rank];
        for (int i = 0; i < src.length; i++) {
            long off = 0;
            for (int d = 0; d < rank; d++) off += idx[d] * map[d];
            acc[(int) off] += src[i];
            for (int d = rank - 1; d >= 0 && ++idx[d] == gs[d]; d--) idx[d] = 0;
        }
        for (int i = 0; i < acc.length; i++) r.set(i, (float) acc[i]);
        return r;
    }
}
