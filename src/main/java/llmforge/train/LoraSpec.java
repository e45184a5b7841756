package llmforge.train;

import llmforge.nn.LoraConfig;

/**
 * The {@code lora:} block of a fine-tuning config ({@code sft}, {@code dpo}, {@code ppo}, {@code reward train}):
 * present, the run trains low-rank adapters on a frozen base instead of every weight. {@code lora: {}} (or the
 * commands' {@code --lora}) takes the defaults.
 *
 * @param rank          r, the adapters' inner size (default 8)
 * @param alpha         the update is scaled by alpha / r (default 16)
 * @param dropout       dropout on each adapter's input while training (default 0.05)
 * @param targetModules regular expression over Linear names, matched against the last name part or the whole name
 *                      (default: every attention and MLP projection of GPT-2 and LLaMA models)
 */
public record LoraSpec(Integer rank, Double alpha, Double dropout, String targetModules) {
    public static final String DEFAULT_TARGETS = "c_attn|c_proj|c_fc|q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj";

    public LoraSpec {
        rank = rank == null ? 8 : rank;
        alpha = alpha == null ? 16.0 : alpha;
        dropout = dropout == null ? 0.05 : dropout;
        targetModules = targetModules == null ? DEFAULT_TARGETS : targetModules;
        try {
            new LoraConfig(rank, alpha, dropout, targetModules);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lora: " + e.getMessage());
        }
    }

    public LoraConfig config() { return new LoraConfig(rank, alpha, dropout, targetModules); }
}
