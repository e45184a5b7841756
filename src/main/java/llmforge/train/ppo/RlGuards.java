package llmforge.train.ppo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches the per-iteration numbers for the two classic RLHF failures. Reward hacking: over the last
 * {@code window} iterations the reward score rose while the gold score fell (second half of the window against
 * the first). Collapse: the policy's entropy or the share of distinct responses fell below its threshold.
 */
public final class RlGuards {
    private final int window;
    private final double minEntropy, minDiversity;
    private final List<double[]> history = new ArrayList<>();   // {reward, gold}

    public RlGuards(int window, double minEntropy, double minDiversity) {
        this.window = window;
        this.minEntropy = minEntropy;
        this.minDiversity = minDiversity;
    }

    /** One flag raised by an iteration: its event name and what was seen. */
    public record Flag(String event, String detail) {}

    /** Records one iteration and returns the flags it raises (gold NaN: no gold score, no hacking check). */
    public List<Flag> observe(double reward, double gold, double entropy, double diversity) {
        history.add(new double[] {reward, gold});
        List<Flag> flags = new ArrayList<>();
        if (history.size() >= window && Double.isFinite(gold)) {
            List<double[]> w = history.subList(history.size() - window, history.size());
            int half = window / 2;
            double dr = mean(w, window - half, window, 0) - mean(w, 0, half, 0);
            double dg = mean(w, window - half, window, 1) - mean(w, 0, half, 1);
            if (dr > 0 && dg < 0) {
                flags.add(new Flag("reward_hacking", String.format(Locale.ROOT,
                        "over the last %d iterations the reward rose by %.4f while the gold score fell by %.4f", window, dr, -dg)));
            }
        }
        if (entropy < minEntropy) flags.add(new Flag("collapse", String.format(Locale.ROOT,
                "policy entropy %.4f nats/token is below %.4f", entropy, minEntropy)));
        if (diversity < minDiversity) flags.add(new Flag("collapse", String.format(Locale.ROOT,
                "only %.0f%% of the responses are distinct (threshold %.0f%%)", 100 * diversity, 100 * minDiversity)));
        return flags;
    }

    private static double mean(List<double[]> w, int from, int to, int k) {
        double s = 0;
        for (int i = from; i < to; i++) s += w.get(i)[k];
        return s / (to - from);
    }
}
