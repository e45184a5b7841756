package llmforge.train.ppo;

/**
 * The advantage estimates, over rows of per-token arrays (row b holds {@code lengths[b]} response tokens; entries
 * past the length are ignored and written as 0). PPO uses GAE with a learned value; GRPO and RLOO compare the
 * sequence rewards of several samples of the same prompt and need no value model.
 */
public final class Advantages {
    private Advantages() {}

    /**
     * Generalised advantage estimation: δ_t = r_t + γ·V_{t+1} − V_t (V past the end = 0),
     * A_t = δ_t + γλ·A_{t+1}. Returns the advantages; the returns are A + V.
     */
    public static float[][] gae(float[][] rewards, float[][] values, int[] lengths, double gamma, double lambda) {
        float[][] adv = new float[rewards.length][];
        for (int b = 0; b < rewards.length; b++) {
            adv[b] = new float[rewards[b].length];
            double next = 0, nextValue = 0;
            for (int t = lengths[b] - 1; t >= 0; t--) {
                double delta = rewards[b][t] + gamma * nextValue - values[b][t];
                next = delta + gamma * lambda * next;
                adv[b][t] = (float) next;
                nextValue = values[b][t];
            }
        }
        return adv;
    }

    /** Returns = advantages + values on the response tokens. */
    public static float[][] returns(float[][] adv, float[][] values, int[] lengths) {
        float[][] r = new float[adv.length][];
        for (int b = 0; b < adv.length; b++) {
            r[b] = new float[adv[b].length];
            for (int t = 0; t < lengths[b]; t++) r[b][t] = adv[b][t] + values[b][t];
        }
        return r;
    }

    /**
     * Whitening over all response tokens of the batch: (x − mean) / sqrt(var + 1e-8), var with Bessel's
     * correction (as TRL's masked_whiten), so the policy step's size does not follow the reward's scale.
     */
    public static float[][] whiten(float[][] x, int[] lengths) {
        double sum = 0;
        long n = 0;
        for (int b = 0; b < x.length; b++) for (int t = 0; t < lengths[b]; t++, n++) sum += x[b][t];
        if (n < 2) return copy(x, lengths);
        double mean = sum / n, sq = 0;
        for (int b = 0; b < x.length; b++) for (int t = 0; t < lengths[b]; t++) sq += (x[b][t] - mean) * (x[b][t] - mean);
        double inv = 1 / Math.sqrt(sq / (n - 1) + 1e-8);
        float[][] out = new float[x.length][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new float[x[b].length];
            for (int t = 0; t < lengths[b]; t++) out[b][t] = (float) ((x[b][t] - mean) * inv);
        }
        return out;
    }

    /**
     * GRPO: each sequence's reward standardised within its group of {@code group} consecutive samples of one
     * prompt, (R − mean) / (std + 1e-4) with the population std, given to every token of the sequence.
     */
    public static float[][] grpo(double[] sequenceRewards, int group, int[] lengths, int width) {
        checkGroups(sequenceRewards.length, group);
        double[] a = new double[sequenceRewards.length];
        for (int g = 0; g < sequenceRewards.length; g += group) {
            double mean = 0, var = 0;
            for (int i = g; i < g + group; i++) mean += sequenceRewards[i];
            mean /= group;
            for (int i = g; i < g + group; i++) var += (sequenceRewards[i] - mean) * (sequenceRewards[i] - mean);
            double std = Math.sqrt(var / group);
            for (int i = g; i < g + group; i++) a[i] = (sequenceRewards[i] - mean) / (std + 1e-4);
        }
        return broadcast(a, lengths, width);
    }

    /** RLOO: each sequence's reward minus the mean reward of the other samples of its prompt (leave-one-out baseline). */
    public static float[][] rloo(double[] sequenceRewards, int group, int[] lengths, int width) {
        checkGroups(sequenceRewards.length, group);
        if (group < 2) throw new IllegalArgumentException("RLOO needs at least 2 samples per prompt");
        double[] a = new double[sequenceRewards.length];
        for (int g = 0; g < sequenceRewards.length; g += group) {
            double sum = 0;
            for (int i = g; i < g + group; i++) sum += sequenceRewards[i];
            for (int i = g; i < g + group; i++) a[i] = sequenceRewards[i] - (sum - sequenceRewards[i]) / (group - 1);
        }
        return broadcast(a, lengths, width);
    }

    private static void checkGroups(int n, int group) {
        if (group < 1 || n % group != 0) throw new IllegalArgumentException(n + " sequences do not split into groups of " + group);
    }

    private static float[][] broadcast(double[] a, int[] lengths, int width) {
        float[][] out = new float[a.length][width];
        for (int b = 0; b < a.length; b++) for (int t = 0; t < lengths[b]; t++) out[b][t] = (float) a[b];
        return out;
    }

    private static float[][] copy(float[][] x, int[] lengths) {
        float[][] out = new float[x.length][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new float[x[b].length];
            System.arraycopy(x[b], 0, out[b], 0, lengths[b]);
        }
        return out;
    }
}
