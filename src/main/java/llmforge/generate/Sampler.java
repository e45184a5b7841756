package llmforge.generate;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Draws the next token from one row of logits under a {@link SamplingConfig}, HuggingFace semantics:
 * <ul>
 *   <li>repetition penalty p: every token already in the context has its logit divided by p when positive and
 *       multiplied by p when negative (each distinct token once);</li>
 *   <li>temperature: logits divided by it; 0 = greedy argmax (lowest id on ties);</li>
 *   <li>top-k: keep the tokens whose logit is at least the k-th largest (ties at the k-th value stay);</li>
 *   <li>top-p: keep the most probable tokens until their mass reaches p (always at least one).</li>
 * </ul>
 * The sampled token's log-probability is reported under this processed distribution and under the raw model
 * softmax (PPO needs the latter). Not thread-safe: one instance per generating thread (it reuses scratch).
 */
public final class Sampler {
    /** A drawn token with its log-probability under the processed and under the raw distribution. */
    public record Sample(int token, double logProb, double rawLogProb) {}

    private final SamplingConfig config;
    private double[] scratch = new double[0];
    private long[] order = new long[0];

    public Sampler(SamplingConfig config) { this.config = config; }

    public Sample sample(float[] logits, BitSet context, SplittableRandom rng) {
        double raw = rawLogSoftmaxNormaliser(logits);
        if (config.greedy()) {
            double[] z = penalised(logits, context);
            int best = 0;
            for (int i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
            return new Sample(best, 0, logits[best] - raw);
        }
        double[] p = distribution(logits, context);
        double u = rng.nextDouble(), cum = 0;
        int token = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            token = i;                      // the last kept token absorbs rounding when u is near 1
            cum += p[i];
            if (u < cum) break;
        }
        return new Sample(token, Math.log(p[token]), logits[token] - raw);
    }

    /**
     * The processed sampling distribution (zero for filtered tokens), for temperature > 0. The returned array is
     * scratch, valid until the next call.
     */
    double[] distribution(float[] logits, BitSet context) {
        double[] z = penalised(logits, context);
        int v = z.length;
        for (int i = 0; i < v; i++) z[i] /= config.temperature();
        if (config.topK() > 0 && config.topK() < v) {
            double[] sorted = z.clone();
            Arrays.sort(sorted);
            double kth = sorted[v - config.topK()];
            for (int i = 0; i < v; i++) if (z[i] < kth) z[i] = Double.NEGATIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) max = Math.max(max, x);
        double sum = 0;
        for (int i = 0; i < v; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < v; i++) z[i] /= sum;
        if (config.topP() < 1) keepNucleus(z, config.topP());
        return z;
    }

    // zeroes all but the most probable tokens whose mass first reaches p, then renormalises
    private void keepNucleus(double[] prob, double p) {
        int n = 0;
        if (order.length < prob.length) order = new long[prob.length];
        for (int i = 0; i < prob.length; i++) {
            if (prob[i] == 0) continue;
            // probability bits high (non-negative floats order like their bits), complemented id low: ascending
            // order puts the most probable last and, among equals, the lowest id last
            order[n++] = ((long) Float.floatToIntBits((float) prob[i]) << 32) | (0xFFFFFFFFL - i);
        }
        Arrays.sort(order, 0, n);
        double kept = 0;
        boolean[] keep = new boolean[prob.length];
        for (int r = n - 1; r >= 0 && kept < p; r--) {
            int id = (int) (0xFFFFFFFFL - (order[r] & 0xFFFFFFFFL));
            keep[id] = true;
            kept += prob[id];
        }
        for (int i = 0; i < prob.length; i++) prob[i] = keep[i] ? prob[i] / kept : 0;
    }

    private double[] penalised(float[] logits, BitSet context) {
        if (scratch.length != logits.length) scratch = new double[logits.length];
        double[] z = scratch;
        for (int i = 0; i < z.length; i++) z[i] = logits[i];
        double pen = config.repetitionPenalty();
        if (pen != 1) {
            for (int i = context.nextSetBit(0); i >= 0 && i < z.length; i = context.nextSetBit(i + 1)) {
                z[i] = z[i] > 0 ? z[i] / pen : z[i] * pen;
            }
        }
        return z;
    }

    private static double rawLogSoftmaxNormaliser(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (float x : logits) sum += Math.exp(x - max);
        return max + Math.log(sum);
    }
}
