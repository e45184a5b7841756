package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Transposes 8 × 8 blocks of floats in registers for {@link Gemm}'s packing: eight row loads, three rounds of
 * two-vector lane selections (each a single permute on AVX-512), eight row stores, instead of 64 scalar loads and
 * stores. Pure data movement, so there is no arithmetic for a reference twin to check; the tests compare packed
 * GEMMs against {@link GemmReference}.
 */
final class Transpose8 {
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    // round 1 interleaves single lanes of two rows, round 2 pairs of lanes, round 3 quads; lo/hi pick which half
    private static final FloatVector LO1 = index(0, 8, 1, 9, 2, 10, 3, 11), HI1 = index(4, 12, 5, 13, 6, 14, 7, 15);
    private static final FloatVector LO2 = index(0, 1, 8, 9, 2, 3, 10, 11), HI2 = index(4, 5, 12, 13, 6, 7, 14, 15);
    private static final FloatVector LO3 = index(0, 1, 2, 3, 8, 9, 10, 11), HI3 = index(4, 5, 6, 7, 12, 13, 14, 15);

    private Transpose8() {}

    /** Lane indices for {@code selectFrom(v1, v2)}: 0-7 pick v1's lanes, 8-15 v2's (as float lane values). */
    private static FloatVector index(float... lanes) {
        return FloatVector.fromArray(S8, lanes, 0);
    }

    /** dst[c][r] = src[r][c] for r, c in 0..7; source offset and stride in bytes, destination's in floats. */
    static void block(MemorySegment src, long s, long sStride, float[] dst, int d, int dStride) {
        // the JDK's loads called directly, not through a helper of ours (see Gemm.kernel8)
        FloatVector r0 = FloatVector.fromMemorySegment(S8, src, s, NO),
                r1 = FloatVector.fromMemorySegment(S8, src, s + sStride, NO),
                r2 = FloatVector.fromMemorySegment(S8, src, s + 2 * sStride, NO),
                r3 = FloatVector.fromMemorySegment(S8, src, s + 3 * sStride, NO),
                r4 = FloatVector.fromMemorySegment(S8, src, s + 4 * sStride, NO),
                r5 = FloatVector.fromMemorySegment(S8, src, s + 5 * sStride, NO),
                r6 = FloatVector.fromMemorySegment(S8, src, s + 6 * sStride, NO),
                r7 = FloatVector.fromMemorySegment(S8, src, s + 7 * sStride, NO);
        // round 1: (r0 r1 interleaved) for columns 0-3 and 4-7, likewise r2 r3, r4 r5, r6 r7
        FloatVector a0 = LO1.selectFrom(r0, r1), a1 = HI1.selectFrom(r0, r1);
        FloatVector a2 = LO1.selectFrom(r2, r3), a3 = HI1.selectFrom(r2, r3);
        FloatVector a4 = LO1.selectFrom(r4, r5), a5 = HI1.selectFrom(r4, r5);
        FloatVector a6 = LO1.selectFrom(r6, r7), a7 = HI1.selectFrom(r6, r7);
        // round 2: rows 0-3 for columns (0,1), (2,3), (4,5), (6,7); likewise rows 4-7
        FloatVector b0 = LO2.selectFrom(a0, a2), b1 = HI2.selectFrom(a0, a2);
        FloatVector b2 = LO2.selectFrom(a1, a3), b3 = HI2.selectFrom(a1, a3);
        FloatVector b4 = LO2.selectFrom(a4, a6), b5 = HI2.selectFrom(a4, a6);
        FloatVector b6 = LO2.selectFrom(a5, a7), b7 = HI2.selectFrom(a5, a7);
        // round 3: all eight rows of one column
        LO3.selectFrom(b0, b4).intoArray(dst, d);
        HI3.selectFrom(b0, b4).intoArray(dst, d + dStride);
        LO3.selectFrom(b1, b5).intoArray(dst, d + 2 * dStride);
        HI3.selectFrom(b1, b5).intoArray(dst, d + 3 * dStride);
        LO3.selectFrom(b2, b6).intoArray(dst, d + 4 * dStride);
        HI3.selectFrom(b2, b6).intoArray(dst, d + 5 * dStride);
        LO3.selectFrom(b3, b7).intoArray(dst, d + 6 * dStride);
        HI3.selectFrom(b3, b7).intoArray(dst, d + 7 * dStride);
    }
}
