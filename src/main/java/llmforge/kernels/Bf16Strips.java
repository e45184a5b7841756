package llmforge.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Packing of a bf16 B operand into {@link Gemm}'s float strips, widening on the way (the GEMM core is unchanged). */
final class Bf16Strips {
    private static final ValueLayout.OfShort BF = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Bf16Strips() {}

    /** Same layout as {@link Gemm#packStrip}: kc rows of NR floats, columns w..NR zero. */
    static void pack(MemorySegment b, long idx, long bks, long bjs, int kc, int w, float[] dst, int d) {
        int nr = Gemm.NR, v = Gemm.V;
        if (bjs == 1 && w == nr) {
            for (int k = 0; k < kc; k++, idx += bks, d += nr) {
                Bf16.widenVector(b, idx).intoArray(dst, d);
                Bf16.widenVector(b, idx + v).intoArray(dst, d + v);
            }
        } else {
            // edge strips and transposed B (whose op(B) columns are contiguous runs): element by element
            for (int j = 0; j < nr; j++) {
                long col = idx + j * bjs;
                for (int k = 0; k < kc; k++) {
                    dst[d + k * nr + j] = j < w ? Bf16.widen(b.getAtIndex(BF, col + k * bks)) : 0f;
                }
            }
        }
    }
}
