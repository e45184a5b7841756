package llmforge.nn;

/**
 * Sparse mixture-of-experts settings of a transformer MLP. {@code numExperts} 0 means a dense MLP (the default).
 * {@code capacityFactor} <= 0 means no capacity limit; otherwise each expert takes at most
 * ceil(capacityFactor · tokens · topK / numExperts) routed tokens and the rest pass through the residual only.
 * The load-balancing loss (weight {@code auxLossCoef}) is numExperts · Σ f_i P_i (Switch / Mixtral); the router
 * z-loss (weight {@code zLossCoef}) is the mean squared log-sum-exp of the router logits (ST-MoE).
 */
public record MoeConfig(int numExperts, int topK, double capacityFactor, double auxLossCoef, double zLossCoef) {
    public static final MoeConfig DENSE = new MoeConfig(0, 0, 0, 0, 0);

    public MoeConfig {
        if (numExperts < 0) throw new IllegalArgumentException("num_local_experts must be >= 0, got " + numExperts);
        if (numExperts > 0 && (topK < 1 || topK > 2 || topK > numExperts)) {
            throw new IllegalArgumentException("num_experts_per_tok must be 1 or 2 and at most num_local_experts, got " + topK);
        }
        if (auxLossCoef < 0 || zLossCoef < 0) throw new IllegalArgumentException("aux loss coefficients must be >= 0");
    }

    public boolean isSparse() { return numExperts > 0; }

    /** Mixtral-like defaults: top-2 routing, no capacity limit, aux 0.01, z-loss 0.001. */
    public static MoeConfig of(int experts, int topK) { return new MoeConfig(experts, topK, 0, 0.01, 0.001); }

    /** Routed slots one expert accepts for {@code tokens} tokens. */
    public int capacity(int tokens) {
        if (capacityFactor <= 0) return tokens * topK;
        return (int) Math.ceil(capacityFactor * tokens * topK / numExperts);
    }
}
