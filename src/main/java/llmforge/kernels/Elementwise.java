package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Elementwise kernels over flat float32 runs, vectorised and split over the pool in fixed chunks.
 * Offsets and lengths are in floats. Twin: {@link ElementwiseReference}.
 */
public final class Elementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ByteOrder NO = ByteOrder.nativeOrder();
    /** Chunk per task: big enough to amortise scheduling, fixed so results do not depend on thread count. */
    static final long GRAIN = 1 << 15;

    private Elementwise() {}

    public enum Op { ADD, SUB, MUL, DIV }

    /** dst[i] += src[i] for i in [0, n). */
    public static void addInPlace(MemorySegment dst, long dOff, MemorySegment src, long sOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> axpyRange(1f, src, sOff + from, dst, dOff + from, to - from));
    }

    /** y[i] += alpha * x[i]. */
    public static void axpy(float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> axpyRange(alpha, x, xOff + from, y, yOff + from, to - from));
    }

    static void axpyRange(float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff, long n) {
        long i = 0;
        long bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += S.length()) {
            FloatVector vx = FloatVector.fromMemorySegment(S, x, (xOff + i) * 4, NO);
            FloatVector vy = FloatVector.fromMemorySegment(S, y, (yOff + i) * 4, NO);
            vx.fma(va, vy).intoMemorySegment(y, (yOff + i) * 4, NO);
        }
        for (; i < n; i++) {
            y.setAtIndex(F, yOff + i, Math.fma(alpha, x.getAtIndex(F, xOff + i), y.getAtIndex(F, yOff + i)));
        }
    }

    /** x[i] *= alpha. */
    public static void scaleInPlace(MemorySegment x, long off, long n, float alpha) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            long i = from;
            long bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO).mul(alpha).intoMemorySegment(x, (off + i) * 4, NO);
            }
            for (; i < to; i++) x.setAtIndex(F, off + i, x.getAtIndex(F, off + i) * alpha);
        });
    }

    /**
     * out = a op b over a row-major output of {@code rows × inner}; each operand's inner stride is 1 (a full row)
     * or 0 (one value broadcast along the row), and its row start is given per row by {@code aRow/bRow}, which
     * map an output row index to an element offset (broadcasting over outer dims).
     */
    public static void binary(Op op, MemorySegment a, RowOffsets aRow, int aInner, MemorySegment b, RowOffsets bRow,
                              int bInner, MemorySegment out, long outOff, long rows, int inner) {
        long grain = Math.max(1, GRAIN / Math.max(inner, 1));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                binaryRow(op, a, aRow.of(r), aInner, b, bRow.of(r), bInner, out, outOff + r * inner, inner);
            }
        });
    }

    /** Maps an output row to an operand's element offset. */
    @FunctionalInterface
    public interface RowOffsets {
        long of(long row);
    }

    static void binaryRow(Op op, MemorySegment a, long ao, int aInc, MemorySegment b, long bo, int bInc,
                          MemorySegment out, long oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector ab = aInc == 0 ? FloatVector.broadcast(S, a.getAtIndex(F, ao)) : null;
        FloatVector bb = bInc == 0 ? FloatVector.broadcast(S, b.getAtIndex(F, bo)) : null;
        for (; i < bound; i += S.length()) {
            FloatVector va = ab != null ? ab : FloatVector.fromMemorySegment(S, a, (ao + i) * 4, NO);
            FloatVector vb = bb != null ? bb : FloatVector.fromMemorySegment(S, b, (bo + i) * 4, NO);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
            };
            r.intoMemorySegment(out, (oo + i) * 4, NO);
        }
        for (; i < n; i++) {
            float x = a.getAtIndex(F, ao + (long) i * aInc);
            float y = b.getAtIndex(F, bo + (long) i * bInc);
            out.setAtIndex(F, oo + i, apply(op, x, y));
        }
    }

    static float apply(Op op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
        };
    }

    /** Sum of n floats in a fixed order (chunk partial sums in double, added in chunk order). */
    public static double sum(MemorySegment x, long off, long n) {
        int chunks = (int) ((n + GRAIN - 1) / GRAIN);
        double[] partial = new double[Math.max(chunks, 1)];
        Parallel.forTasks(chunks, c -> {
            long from = c * GRAIN, to = Math.min(n, from + GRAIN);
            partial[c] = sumRange(x, off + from, to - from);
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    static double sumRange(MemorySegment x, long off, long n) {
        FloatVector acc = FloatVector.zero(S);
        long i = 0;
        long bound = S.loopBound(n);
        for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO));
        double s = VectorMath.sum(acc);
        for (; i < n; i++) s += x.getAtIndex(F, off + i);
        return s;
    }
}
