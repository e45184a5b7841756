package llmforge.optim;

/**
 * AdamW settings shared by all groups (the learning rate comes from an {@link LrSchedule}). Defaults follow
 * common LLM practice (GPT-3 / nanoGPT): betas (0.9, 0.95), eps 1e-8, weight decay 0.1 on matrices only.
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay, WeightDecayRule noDecay) {
    public static final AdamWConfig DEFAULT = new AdamWConfig(0.9, 0.95, 1e-8, 0.1, WeightDecayRule.DEFAULT);

    public AdamWConfig {
        checkMoments(beta1, beta2, eps);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a finite number >= 0, got " + weightDecay);
        }
        if (noDecay == null) noDecay = WeightDecayRule.DEFAULT;
    }

    /** The settings every {@link AdamW} needs, whether its groups come from a config or are given explicitly. */
    static void checkMoments(double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps > 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
    }
}
