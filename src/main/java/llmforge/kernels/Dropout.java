package llmforge.kernels;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.GRAIN;

/**
 * Inverted dropout with a counter-based mask: element i is kept iff hash(seed, i) >= p, so the mask depends on
 * the seed and the element's index only — never on threads or on call order — and the backward regenerates it
 * instead of storing it. Kept elements are scaled by 1/(1-p). Twin: {@link DropoutReference}.
 */
public final class Dropout {
    private Dropout() {}

    /** y = keep(i) ? x / (1 - p) : 0, over n floats. */
    public static void forward(MemorySegment x, long xOff, MemorySegment y, long yOff, long n, float p, long seed) {
        float scale = 1f / (1f - p);
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i++) {
                y.setAtIndex(F, yOff + i, kept(seed, i, p) ? x.getAtIndex(F, xOff + i) * scale : 0f);
            }
        });
    }

    /** dx += keep(i) ? dy / (1 - p) : 0. */
    public static void backward(MemorySegment dy, long dyOff, MemorySegment dx, long dxOff, long n, float p, long seed) {
        float scale = 1f / (1f - p);
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i++) {
                if (kept(seed, i, p)) dx.setAtIndex(F, dxOff + i, dx.getAtIndex(F, dxOff + i) + dy.getAtIndex(F, dyOff + i) * scale);
            }
        });
    }

    /** Whether element i survives: a uniform in [0, 1) from 24 bits of a SplitMix64-style hash of (seed, i). */
    public static boolean kept(long seed, long i, float p) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24f >= p;
    }
}
