package llmforge.train.ppo;

import java.util.List;

/**
 * What PPO optimises against: one score per (prompt, response) pair, higher is better. Implemented by a learned
 * reward model (a frozen network scoring prompt + response ids, normalised with its training statistics) or by a
 * programmatic reward ({@link GoldJudgeReward}, {@link TokenCountReward}). Called once per rollout batch, so an
 * implementation should score the whole batch in one pass. {@code responses} hold the sampled ids, the end-of-turn
 * id included when the answer ended with one.
 */
@FunctionalInterface
public interface RewardFunction {
    float[] score(List<RlPrompt> prompts, List<int[]> responses);
}
