package llmforge.train.ppo;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

/**
 * PPO's two clipped losses over N response tokens, each a masked mean (mask 1 on response tokens, 0 on padding):
 * policy: mean(max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε))) with ρ = exp(log π − log π_old); value:
 * ½·mean(max((V − R)², (V_old + clip(V − V_old, −ε_v, ε_v) − R)²)). Clipping keeps one rollout batch's several
 * updates near the policy (and value) that collected it.
 */
public final class PpoLosses {
    private PpoLosses() {}

    /** logProbs (N) recorded on the tape; oldLogProbs, advantages, mask: (N) constants. */
    public static Tensor policy(Tensor logProbs, float[] oldLogProbs, float[] advantages, float[] mask, float clip) {
        return policy(logProbs, oldLogProbs, advantages, mask, clip, count(mask));
    }

    /** {@link #policy} as a sum over these tokens divided by {@code tokens} (a mini-batch's count over all ranks). */
    public static Tensor policy(Tensor logProbs, float[] oldLogProbs, float[] advantages, float[] mask, float clip, float tokens) {
        int n = mask.length;
        Tensor ratio = Ops.exp(Ops.sub(logProbs, Tensor.of(oldLogProbs, n)));
        Tensor negAdv = Tensor.of(negate(advantages, mask), n);
        Tensor unclipped = Ops.mul(negAdv, ratio);
        Tensor clipped = Ops.mul(negAdv, Ops.clamp(ratio, 1 - clip, 1 + clip));
        return Ops.scale(Ops.sum(Ops.maximum(unclipped, clipped)), 1f / tokens);
    }

    /** values (N) recorded on the tape; oldValues, returns, mask: (N) constants. */
    public static Tensor value(Tensor values, float[] oldValues, float[] returns, float[] mask, float clip) {
        return value(values, oldValues, returns, mask, clip, count(mask));
    }

    /** {@link #value} as a sum over these tokens divided by {@code tokens} (a mini-batch's count over all ranks). */
    public static Tensor value(Tensor values, float[] oldValues, float[] returns, float[] mask, float clip, float tokens) {
        int n = mask.length;
        Tensor old = Tensor.of(oldValues, n), ret = Tensor.of(returns, n), m = Tensor.of(mask, n);
        Tensor clippedValues = Ops.add(old, Ops.clamp(Ops.sub(values, old), -clip, clip));
        Tensor e1 = Ops.square(Ops.sub(values, ret)), e2 = Ops.square(Ops.sub(clippedValues, ret));
        return Ops.scale(Ops.sum(Ops.mul(Ops.maximum(e1, e2), m)), 0.5f / tokens);
    }

    /** Share of response tokens whose ratio left [1−ε, 1+ε] (so their policy gradient was cut off). */
    public static double clipFraction(float[] logProbs, float[] oldLogProbs, float[] mask, float clip) {
        return clippedTokens(logProbs, oldLogProbs, mask, clip) / count(mask);
    }

    /** How many response tokens' ratios left [1−ε, 1+ε]. */
    public static int clippedTokens(float[] logProbs, float[] oldLogProbs, float[] mask, float clip) {
        int clipped = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            double r = Math.exp(logProbs[i] - oldLogProbs[i]);
            if (r < 1 - clip || r > 1 + clip) clipped++;
        }
        return clipped;
    }

    /** ½·mean((log π − log π_old)²) over response tokens: the drift of the policy within one rollout batch. */
    public static double approxKl(float[] logProbs, float[] oldLogProbs, float[] mask) {
        return approxKlSum(logProbs, oldLogProbs, mask) / count(mask);
    }

    /** ½·Σ(log π − log π_old)² over response tokens. */
    public static double approxKlSum(float[] logProbs, float[] oldLogProbs, float[] mask) {
        double s = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i] != 0) s += 0.5 * (logProbs[i] - oldLogProbs[i]) * (logProbs[i] - oldLogProbs[i]);
        return s;
    }

    // −A on response tokens, 0 on padding: masked positions then contribute max(0, 0) = 0 to the sum
    private static float[] negate(float[] a, float[] mask) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = mask[i] == 0 ? 0f : -a[i];
        return out;
    }

    static float count(float[] mask) {
        float c = 0;
        for (float m : mask) c += m;
        return Math.max(c, 1f);
    }
}
