package llmforge.autograd;

import llmforge.kernels.ColumnSums;
import llmforge.kernels.Elementwise;
import llmforge.kernels.Gemm;
import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;

import java.util.Arrays;

/**
 * Matrix products on the tape: {@link #matmul} over the last two dims with broadcast batch dims, and
 * {@link #linear} (x·Wᵀ + b, the PyTorch/HF layout). Transposed views are handed to the GEMM as transpose flags,
 * not copied; backward runs the same GEMM with accumulation into the gradients.
 */
public final class MatMul {
    private MatMul() {}

    /** a (..., M, K) · b (..., K, N) -> (..., M, N); the leading dims broadcast (NumPy rules). */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs matrices (rank >= 2), got " + a + " and " + b);
        }
        int M = a.dim(-2), K = a.dim(-1), N = b.dim(-1);
        if (b.dim(-2) != K) {
            throw new IllegalArgumentException("matmul " + a + " · " + b + ": inner dims differ (" + K + " vs " + b.dim(-2) + ")");
        }
        int[] batch = Shape.broadcast(Arrays.copyOf(a.shape(), a.rank() - 2), Arrays.copyOf(b.shape(), b.rank() - 2));
        Tensor out = Tensor.empty(concat(batch, M, N));
        if (b.rank() == 2 && a.isContiguous()) return foldedMatmul(a, b, out);
        int nb = Math.toIntExact(Shape.numel(batch));
        Operand A = Operand.of(a), B = Operand.of(b);
        long[] aOff = A.batchOffsets(batch), bOff = B.batchOffsets(batch);
        long cOff = out.offset(), mn = (long) M * N;
        Gemm.sgemmBatched(nb, A.trans, B.trans, M, N, K, A.t.segment(), i -> aOff[i], A.ld, B.t.segment(), i -> bOff[i],
                B.ld, out.segment(), i -> cOff + i * mn, N, false);
        Tape.record(out, () -> {
            Tensor dC = out.grad();
            if (Tape.wants(a)) {
                // dA_i += dC_i · op(B_i)ᵀ
                Tensor gA = Grads.of(a);
                long[] gOff = Operand.contiguous(gA).batchOffsets(batch);
                gemmEach(nb, a.size() < (long) nb * M * K, false, !B.trans, M, K, N, dC, i -> cOff + i * mn, N,
                        B.t, i -> bOff[i], B.ld, gA, i -> gOff[i], K);
            }
            if (Tape.wants(b)) {
                // dB_i += op(A_i)ᵀ · dC_i
                Tensor gB = Grads.of(b);
                long[] gOff = Operand.contiguous(gB).batchOffsets(batch);
                gemmEach(nb, b.size() < (long) nb * K * N, !A.trans, false, K, N, M, A.t, i -> aOff[i], A.ld,
                        dC, i -> cOff + i * mn, N, gB, i -> gOff[i], N);
            }
        }, a, b);
        return out;
    }

    /** (…, M, K) contiguous · (K, N): one GEMM with the batch folded into the rows. */
    private static Tensor foldedMatmul(Tensor a, Tensor b, Tensor out) {
        int K = a.dim(-1), N = b.dim(-1);
        int rows = Math.toIntExact(a.size() / Math.max(K, 1));
        if (K == 0) rows = Math.toIntExact(out.size() / Math.max(N, 1));
        Operand B = Operand.of(b);
        int M = rows;
        Gemm.sgemm(false, B.trans, M, N, K, a.segment(), a.offset(), Math.max(K, 1), B.t.segment(), B.t.offset(), B.ld,
                out.segment(), out.offset(), Math.max(N, 1), false);
        Tape.record(out, () -> {
            Tensor dC = out.grad();
            if (Tape.wants(a)) {
                boolean add = Grads.ensure(a);
                Tensor gA = a.grad();
                Gemm.sgemm(false, !B.trans, M, K, N, dC.segment(), dC.offset(), Math.max(N, 1), B.t.segment(),
                        B.t.offset(), B.ld, gA.segment(), gA.offset(), Math.max(K, 1), add);
            }
            if (Tape.wants(b)) {
                Tensor gB = Grads.of(b);
                Gemm.sgemm(true, false, K, N, M, a.segment(), a.offset(), Math.max(K, 1), dC.segment(), dC.offset(),
                        Math.max(N, 1), gB.segment(), gB.offset(), Math.max(N, 1), true);
            }
        }, a, b);
        return out;
    }

    /**
     * y = x · Wᵀ + bias: x (..., in), W (out, in), bias (out) or null -> (..., out). The rows of x form one GEMM;
     * the bias gradient is the column sums of dy.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        if (x.rank() < 1 || w.rank() != 2 || x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: x " + x + " needs last dim = in of weight (out, in) " + w);
        }
        int in = w.dim(1), outF = w.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outF)) {
            throw new IllegalArgumentException("linear: bias " + bias + " must have shape [" + outF + "] for weight " + w);
        }
        Tensor xc = x.isContiguous() ? x : x.contiguousCopy();
        Tensor bc = bias == null || bias.isContiguous() ? bias : bias.contiguousCopy();
        int rows = Math.toIntExact(x.size() / Math.max(in, 1));
        if (in == 0) rows = Math.toIntExact(Shape.numel(Arrays.copyOf(x.shape(), x.rank() - 1)));
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outF;
        Tensor y = Tensor.empty(outShape);
        Operand W = Operand.of(w);  // W stored (out, in): op = transpose; a transposed view is read as is
        int R = rows, ldx = Math.max(in, 1), ldy = Math.max(outF, 1);
        Gemm.sgemm(false, !W.trans, R, outF, in, xc.segment(), xc.offset(), ldx, W.t.segment(), W.t.offset(), W.ld,
                y.segment(), y.offset(), ldy, false);
        if (bc != null) {
            long yo = y.offset(), bo = bc.offset();
            Elementwise.binary(Elementwise.Op.ADD, y.segment(), r -> yo + r * outF, 1, bc.segment(), r -> bo, 1,
                    y.segment(), yo, R, outF);
        }
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            if (Tape.wants(x)) {
                boolean add = Grads.ensure(x);  // dx (+)= dy · W
                Tensor gx = x.grad();
                Gemm.sgemm(false, W.trans, R, in, outF, dy.segment(), dy.offset(), ldy, W.t.segment(), W.t.offset(),
                        W.ld, gx.segment(), gx.offset(), ldx, add);
            }
            if (Tape.wants(w)) {
                Tensor gw = Grads.of(w);  // dW += dyᵀ · x
                Gemm.sgemm(true, false, outF, in, R, dy.segment(), dy.offset(), ldy, xc.segment(), xc.offset(), ldx,
                        gw.segment(), gw.offset(), ldx, true);
            }
            if (bias != null && Tape.wants(bias)) {
                Tensor gb = Grads.of(bias);
                ColumnSums.accumulate(dy.segment(), dy.offset(), R, outF, ldy, gb.segment(), gb.offset());
            }
        }, x, w, bias);
        return y;
    }

    /**
     * C_i += op(A_i)·op(B_i) for every batch; when several batches share one C (a broadcast input's gradient) they
     * run one after another, in batch order, so the sum is deterministic.
     */
    private static void gemmEach(int nb, boolean shared, boolean tA, boolean tB, int M, int N, int K,
                                 Tensor a, Gemm.BatchOffsets aOff, long lda, Tensor b, Gemm.BatchOffsets bOff, long ldb,
                                 Tensor c, Gemm.BatchOffsets cOff, long ldc) {
        if (shared) {
            for (int i = 0; i < nb; i++) {
                Gemm.sgemm(tA, tB, M, N, K, a.segment(), aOff.of(i), lda, b.segment(), bOff.of(i), ldb,
                        c.segment(), cOff.of(i), ldc, true);
            }
        } else {
            Gemm.sgemmBatched(nb, tA, tB, M, N, K, a.segment(), aOff, lda, b.segment(), bOff, ldb, c.segment(), cOff, ldc, true);
        }
    }

    private static int[] concat(int[] batch, int m, int n) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = m;
        s[batch.length + 1] = n;
        return s;
    }

    /**
     * How the GEMM reads a (…, rows, cols) tensor: rows in place (unit column stride), columns in place (a
     * transposed view: unit row stride, {@code trans}), or else a contiguous copy.
     */
    private record Operand(Tensor t, boolean trans, long ld) {
        static Operand of(Tensor t) {
            int rows = t.dim(-2), cols = t.dim(-1);
            long sr = t.stride(-2), sc = t.stride(-1);
            if ((sc == 1 || cols <= 1) && (rows <= 1 || sr >= Math.max(cols, 1))) {
                return new Operand(t, false, rows <= 1 ? Math.max(cols, 1) : sr);
            }
            if ((sr == 1 || rows <= 1) && (cols <= 1 || sc >= Math.max(rows, 1))) {
                return new Operand(t, true, cols <= 1 ? Math.max(rows, 1) : sc);
            }
            return contiguous(t.contiguousCopy());
        }

        static Operand contiguous(Tensor t) {
            return new Operand(t, false, Math.max(t.dim(-1), 1));
        }

        /** Offset (floats) of this operand's matrix for each flat index of the broadcast batch shape. */
        long[] batchOffsets(int[] batch) {
            int nb = Math.toIntExact(Shape.numel(batch));
            long[] off = new long[nb];
            int lead = batch.length - (t.rank() - 2);
            for (int i = 0; i < nb; i++) {
                long o = t.offset();
                long rest = i;
                for (int d = batch.length - 1; d >= 0; d--) {
                    int idx = (int) (rest % batch[d]);
                    rest /= batch[d];
                    int td = d - lead;
                    if (td >= 0 && t.dim(td) != 1) o += idx * t.stride(td);
                }
                off[i] = o;
            }
            return off;
        }
    }
}
