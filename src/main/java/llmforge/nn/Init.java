package llmforge.nn;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

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
        for (long i = 0, n = t.size(); i < n; i++) t.set(i, (float) (r.nextGaussian() * std));
    }

    public static void constant(Parameter p, float v) { p.value().fill(v); }
}
