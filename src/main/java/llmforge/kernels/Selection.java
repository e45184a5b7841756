package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.GRAIN;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;
import static llmforge.kernels.Pointwise.load;

/**
 * Pointwise ops that pick rather than compute: clamp, elementwise min/max of two tensors, where(mask, a, b);
 * the backward routes dy to whichever input was picked (min/max ties split it half and half, as PyTorch does).
 * Twin: {@link SelectionReference}.
 */
public final class Selection {
    private Selection() {}

    /** y = min(max(x, lo), hi). */
    public static void clamp(MemorySegment x, long xOff, float lo, float hi, MemorySegment y, long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                load(x, xOff + i, m).max(lo).min(hi).intoMemorySegment(y, (yOff + i) * 4, NO, m);
            }
        });
    }

    /** dx += dy where lo <= x <= hi. */
    public static void clampBackward(MemorySegment x, long xOff, float lo, float hi, MemorySegment dy, long dyOff,
                                     MemorySegment dx, long dxOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector xv = load(x, xOff + i, m);
                VectorMask<Float> inside = xv.compare(VectorOperators.GE, lo).and(xv.compare(VectorOperators.LE, hi));
                load(dx, dxOff + i, m).add(load(dy, dyOff + i, m), inside).intoMemorySegment(dx, (dxOff + i) * 4, NO, m);
            }
        });
    }

    /** y = max(a, b) if {@code max}, else min(a, b). */
    public static void minMax(boolean max, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment y,
                              long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector va = load(a, aOff + i, m), vb = load(b, bOff + i, m);
                (max ? va.max(vb) : va.min(vb)).intoMemorySegment(y, (yOff + i) * 4, NO, m);
            }
        });
    }

    /** da += dy where a was picked, db += dy where b was; ties give each half. Either output may be null. */
    public static void minMaxBackward(boolean max, MemorySegment a, long aOff, MemorySegment b, long bOff,
                                      MemorySegment dy, long dyOff, MemorySegment da, long daOff,
                                      MemorySegment db, long dbOff, long n) {
        VectorOperators.Comparison wins = max ? VectorOperators.GT : VectorOperators.LT;
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector va = load(a, aOff + i, m), vb = load(b, bOff + i, m), g = load(dy, dyOff + i, m);
                FloatVector half = g.mul(0.5f);
                VectorMask<Float> tie = va.compare(VectorOperators.EQ, vb);
                if (da != null) {
                    FloatVector share = FloatVector.zero(S).blend(g, va.compare(wins, vb)).blend(half, tie);
                    load(da, daOff + i, m).add(share).intoMemorySegment(da, (daOff + i) * 4, NO, m);
                }
                if (db != null) {
                    FloatVector share = FloatVector.zero(S).blend(g, vb.compare(wins, va)).blend(half, tie);
                    load(db, dbOff + i, m).add(share).intoMemorySegment(db, (dbOff + i) * 4, NO, m);
                }
            }
        });
    }

    /** y = cond != 0 ? a : b. */
    public static void where(MemorySegment cond, long cOff, MemorySegment a, long aOff, MemorySegment b, long bOff,
                             MemorySegment y, long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                VectorMask<Float> pickA = load(cond, cOff + i, m).compare(VectorOperators.NE, 0f);
                load(b, bOff + i, m).blend(load(a, aOff + i, m), pickA).intoMemorySegment(y, (yOff + i) * 4, NO, m);
            }
        });
    }

    /** da += dy where cond != 0, db += dy elsewhere; either output may be null. */
    public static void whereBackward(MemorySegment cond, long cOff, MemorySegment dy, long dyOff, MemorySegment da,
                                     long daOff, MemorySegment db, long dbOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                VectorMask<Float> pickA = load(cond, cOff + i, m).compare(VectorOperators.NE, 0f);
                FloatVector g = load(dy, dyOff + i, m);
                if (da != null) load(da, daOff + i, m).add(g, pickA).intoMemorySegment(da, (daOff + i) * 4, NO, m);
                if (db != null) load(db, dbOff + i, m).add(g, pickA.not()).intoMemorySegment(db, (dbOff + i) * 4, NO, m);
            }
        });
    }
}
