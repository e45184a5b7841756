package llmforge.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * dst (contiguous, row-major over {@code shape}) = or += src read through arbitrary element strides. The walk is
 * by rows of the last dimension; a row whose source stride is 1 is one bulk copy (or vector add).
 * Twin: {@link StridedCopyReference}.
 */
public final class StridedCopy {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private StridedCopy() {}

    public static void copy(MemorySegment src, long srcOff, long[] srcStrides, int[] shape, MemorySegment dst,
                            long dstOff, boolean accumulate) {
        int r = shape.length;
        if (r == 0) {
            float v = src.getAtIndex(F, srcOff);
            dst.setAtIndex(F, dstOff, accumulate ? dst.getAtIndex(F, dstOff) + v : v);
            return;
        }
        int inner = shape[r - 1];
        long innerStride = srcStrides[r - 1];
        long rows = 1;
        for (int d = 0; d < r - 1; d++) rows *= shape[d];
        if (inner == 0 || rows == 0) return;
        long grain = Math.max(1, (1 << 15) / inner);
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (long row = r0; row < r1; row++) {
                long s = srcOff, rem = row;
                for (int d = r - 2; d >= 0; d--) {
                    s += (rem % shape[d]) * srcStrides[d];
                    rem /= shape[d];
                }
                long o = dstOff + row * inner;
                if (innerStride == 1 && !accumulate) {
                    MemorySegment.copy(src, s * 4, dst, o * 4, (long) inner * 4);
                } else if (innerStride == 1) {
                    Elementwise.axpyRange(1f, src, s, dst, o, inner);
                } else {
                    for (int i = 0; i < inner; i++) {
                        float v = src.getAtIndex(F, s + i * innerStride);
                        dst.setAtIndex(F, o + i, accumulate ? dst.getAtIndex(F, o + i) + v : v);
                    }
                }
            }
        });
    }

    /**
     * Copies (or adds) {@code count} blocks of {@code len} contiguous floats: block i goes from
     * {@code src[srcOff + i*srcStride]} to {@code dst[dstOff + i*dstStride]} (slices and concatenation).
     */
    public static void blocks(MemorySegment src, long srcOff, long srcStride, MemorySegment dst, long dstOff,
                              long dstStride, long len, long count, boolean accumulate) {
        if (len == 0 || count == 0) return;
        long grain = Math.max(1, (1 << 15) / len);
        Parallel.forRange(count, grain, (b0, b1) -> {
            for (long b = b0; b < b1; b++) {
                long s = srcOff + b * srcStride, o = dstOff + b * dstStride;
                if (accumulate) Elementwise.axpyRange(1f, src, s, dst, o, len);
                else MemorySegment.copy(src, s * 4, dst, o * 4, len * 4);
            }
        });
    }
}
