package llmforge.train.ppo;

/**
 * The KL coefficient β of the per-token penalty −β·KL. Fixed, or adaptive (Ziegler et al. 2019): after each
 * rollout batch, β ← β·(1 + clip(KL/target − 1, −0.2, 0.2)·n/horizon), with KL the batch's mean per-sequence KL
 * and n the sequences in the batch, so β rises while the policy drifts past the target and falls below it.
 */
public final class KlController {
    private final Double target;   // null: fixed β
    private final double horizon;
    private double beta;

    public KlController(double initialBeta, Double target, double horizon) {
        if (!(initialBeta >= 0)) throw new IllegalArgumentException("'kl_beta' must be >= 0");
        if (target != null && !(target > 0)) throw new IllegalArgumentException("'kl_target' must be positive");
        if (!(horizon > 0)) throw new IllegalArgumentException("'kl_horizon' must be positive");
        this.beta = initialBeta;
        this.target = target;
        this.horizon = horizon;
    }

    public double beta() { return beta; }

    public boolean adaptive() { return target != null; }

    /** Restores β from a checkpoint. */
    public void beta(double b) { beta = b; }

    /** Updates β after a batch of {@code sequences} rollouts whose mean per-sequence KL was {@code kl}. */
    public void update(double kl, int sequences) {
        if (target == null) return;
        double error = Math.max(-0.2, Math.min(0.2, kl / target - 1));
        beta *= 1 + error * sequences / horizon;
    }
}
