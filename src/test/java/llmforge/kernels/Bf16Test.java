package llmforge.kernels;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bf16Test {
    private static final ValueLayout.OfShort BF = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** Random floats mixed with every special case: NaNs, infinities, zeros, overflow, subnormals, exact ties. */
    private static float[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] special = {Float.NaN, -Float.NaN, Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC12345),
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.intBitsToFloat(0x7F7F8000), Float.intBitsToFloat(0x7F7F7FFF), Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MIN_NORMAL, Float.intBitsToFloat(0x00018000), Float.intBitsToFloat(0x00008000),
                Float.intBitsToFloat(0x3F808000), Float.intBitsToFloat(0x3F818000), Float.intBitsToFloat(0xBF808001), 1f, -3.5f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (r.nextInt(4)) {
                case 0 -> special[r.nextInt(special.length)];
                case 1 -> Float.intBitsToFloat(r.nextInt()); // any bit pattern, subnormals and NaNs included
                case 2 -> Float.intBitsToFloat((r.nextInt() & 0xFFFF0000) | 0x8000); // exact ties
                default -> (float) r.nextGaussian();
            };
        }
        return x;
    }

    private static short[] fast(float[] x) {
        MemorySegment src = Arena.ofAuto().allocate(x.length * 4L + 8), dst = Arena.ofAuto().allocate(x.length * 2L + 6);
        MemorySegment.copy(x, 0, src, ValueLayout.JAVA_FLOAT_UNALIGNED, 4, x.length); // odd offsets: 1 float, 3 shorts
        Bf16.fromFloat(src, 1, dst, 3, x.length);
        short[] out = new short[x.length];
        MemorySegment.copy(dst, BF, 6, out, 0, x.length);
        return out;
    }

    @Test
    void roundingMatchesTheReferenceOnOddLengthsAndEverySpecialCase() {
        for (int n : new int[] {1, 3, 17, 255, 1000, 70_001}) {
            float[] x = values(n, n);
            short[] got = fast(x), want = Bf16Reference.fromFloat(x);
            for (int i = 0; i < n; i++) {
                assertEquals(want[i], got[i], "n=" + n + " x=" + x[i] + " bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])));
            }
        }
    }

    @Test
    void knownRoundings() {
        assertEquals((short) 0x3F80, Bf16.round(Float.intBitsToFloat(0x3F808000))); // tie, even stays
        assertEquals((short) 0x3F82, Bf16.round(Float.intBitsToFloat(0x3F818000))); // tie, odd goes up
        assertEquals((short) 0xBF81, Bf16.round(Float.intBitsToFloat(0xBF808001))); // above the tie
        assertEquals((short) 0x7F80, Bf16.round(Float.MAX_VALUE));                  // overflow to +Inf
        assertEquals((short) 0xFF80, Bf16.round(-Float.MAX_VALUE));
        assertEquals((short) 0x7F7F, Bf16.round(Float.intBitsToFloat(0x7F7F7FFF))); // largest that stays finite
        assertEquals((short) 0x0000, Bf16.round(Float.MIN_VALUE));                  // tiny subnormal to zero
        assertEquals((short) 0x0002, Bf16.round(Float.intBitsToFloat(0x00018000))); // subnormal tie, to even
        assertEquals((short) 0x8000, Bf16.round(-0f));
        assertTrue(Float.isNaN(Bf16.widen(Bf16.round(Float.intBitsToFloat(0x7F800001))))); // payload only in low bits
        assertEquals((short) 0xFFC1, Bf16.round(Float.intBitsToFloat(0xFFC12345)));
    }

    @Test
    void widenIsExactAndRoundTripsEveryPattern() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) all[i] = (short) i;
        MemorySegment src = Arena.ofAuto().allocate(all.length * 2L), dst = Arena.ofAuto().allocate(all.length * 4L);
        MemorySegment.copy(all, 0, src, BF, 0, all.length);
        Bf16.toFloat(src, 0, dst, 0, all.length);
        float[] f = new float[all.length];
        MemorySegment.copy(dst, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, f, 0, f.length);
        float[] ref = Bf16Reference.toFloat(all);
        for (int i = 0; i < all.length; i++) {
            assertEquals(Float.floatToRawIntBits(ref[i]), Float.floatToRawIntBits(f[i]));
            if (!Float.isNaN(f[i])) assertEquals(all[i], Bf16.round(f[i]), "pattern " + Integer.toHexString(i));
        }
    }

    @Test
    void gemmWithBf16WeightsEqualsFloatGemmOnTheRoundedWeights() {
        int[][] shapes = {{1, 1, 1}, {3, 17, 5}, {17, 33, 255}, {64, 100, 300}, {130, 40, 17}};
        for (int[] s : shapes) {
            int M = s[0], N = s[1], K = s[2];
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = Kernels.random(M * 31L + N, M * K, -1, 1);
                float[] b = Kernels.random(K * 7L + N, K * N, -1, 1);
                short[] bh = Bf16Reference.fromFloat(b);
                float[] bw = Bf16Reference.toFloat(bh);
                MemorySegment as = Kernels.segment(a, 0), bs = Kernels.segment(bw, 0);
                MemorySegment bhs = Arena.ofAuto().allocate(bh.length * 2L + 2);
                MemorySegment.copy(bh, 0, bhs, BF, 0, bh.length);
                long ldb = transB ? K : N;
                MemorySegment c1 = Arena.ofAuto().allocate((long) M * N * 4), c2 = Arena.ofAuto().allocate((long) M * N * 4);
                Gemm.sgemm(false, transB, M, N, K, as, 0, K, bs, 0, ldb, c1, 0, N, false);
                Gemm.sgemmBf16B(false, transB, M, N, K, as, 0, K, bhs, 0, ldb, c2, 0, N, false);
                assertArrayEquals(Kernels.read(c1, 0, M * N), Kernels.read(c2, 0, M * N), M + "x" + N + "x" + K + " transB=" + transB);
            }
        }
    }
}
