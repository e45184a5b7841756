package llmforge.train.ppo;

import java.util.Locale;

/**
 * Per-token estimators of KL(π ‖ π_ref) from the sampled token's log-probabilities under both models
 * (Schulman's "approximating KL"): k1 = log π − log π_ref (unbiased, can be negative), k3 = (r − 1) − log r with
 * r = π_ref / π (unbiased and never negative, lower variance).
 */
public enum KlEstimator {
    K1, K3;

    public double perToken(double logPolicy, double logReference) {
        double d = logPolicy - logReference;
        return this == K1 ? d : Math.expm1(-d) + d;
    }

    public static KlEstimator parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "k1" -> K1;
            case "k3" -> K3;
            default -> throw new IllegalArgumentException("'kl_estimator' must be k1 or k3, not '" + s + "'");
        };
    }
}
