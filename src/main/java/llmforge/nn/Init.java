package llmforge.nn;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Deterministic parameter initialisation. Each parameter draws from its own stream seeded by (seed, name), so a
 * model's initial weights do not depend on construction order or thread count.
 */
public final class Init {
    private Init() {}

    public static void normal(Parameter p, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ p.name().hashCode());
        Tensor t = p.value();
        if (!t.isContiguous()) {
            for (long i = 0, n = t.size(); i < n; i++) t.set(i, (float) (r.nextGaussian() * std));
            return;
        }
        // the same draws in the same order, written a chunk at a time (per-element set is slow at 100 M+ weights)
        float[] chunk = new float[(int) Math.min(t.size(), 1 << 16)];
        for (long at = 0, n = t.size(); at < n; at += chunk.length) {
            int len = (int) Math.min(chunk.length, n - at);
            for (int i = 0; i < len; i++) chunk[i] = (float) (r.nextGaussian() * std);
            MemorySegment.copy(chunk, 0, t.segment(), ValueLayout.JAVA_FLOAT_UNALIGNED, (t.offset() + at) * Float.BYTES, len);
        }
    }

    public static void constant(Parameter p, float v) { p.value().fill(v); }
}
