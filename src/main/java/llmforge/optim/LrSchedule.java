package llmforge.optim;

/**
 * Learning rate by optimiser step (0-based: the lr used by the first update is {@code lr(0)}):
 * <ul>
 *   <li>warmup, steps {@code [0, warmupSteps)}: linear from {@code maxLr / warmupSteps} up to {@code maxLr}
 *       (step s gets {@code maxLr * (s + 1) / warmupSteps}, so no update is wasted at lr 0);</li>
 *   <li>decay, steps {@code [warmupSteps, totalSteps]}: with progress p going 0 → 1, from {@code maxLr} down to
 *       {@code minLr = maxLr * minLrRatio}: COSINE {@code minLr + (maxLr - minLr) * (1 + cos(pi p)) / 2},
 *       LINEAR {@code maxLr - (maxLr - minLr) * p}, CONSTANT {@code maxLr};</li>
 *   <li>after {@code totalSteps}: {@code minLr} (CONSTANT: {@code maxLr}).</li>
 * </ul>
 */
public record LrSchedule(Decay decay, double maxLr, long warmupSteps, long totalSteps, double minLrRatio) {
    public enum Decay { COSINE, LINEAR, CONSTANT }

    public LrSchedule {
        if (decay == null) throw new IllegalArgumentException("decay must be one of cosine, linear, constant");
        if (!(maxLr > 0) || Double.isInfinite(maxLr)) throw new IllegalArgumentException("maxLr must be a finite number > 0, got " + maxLr);
        if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        if (decay != Decay.CONSTANT && totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("totalSteps (" + totalSteps + ") must be greater than warmupSteps ("
                    + warmupSteps + ") for a " + decay.name().toLowerCase() + " decay");
        }
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) throw new IllegalArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
    }

    /** A fixed learning rate, no warmup. */
    public static LrSchedule constant(double lr) { return new LrSchedule(Decay.CONSTANT, lr, 0, 0, 1); }

    public double lr(long step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (step < warmupSteps) return maxLr * (step + 1) / warmupSteps;
        if (decay == Decay.CONSTANT) return maxLr;
        double minLr = maxLr * minLrRatio;
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return switch (decay) {
            case COSINE -> minLr + (maxLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
            case LINEAR -> maxLr - (maxLr - minLr) * progress;
            case CONSTANT -> maxLr;
        };
    }
}
