package llmforge.train.ppo;

import java.util.List;

/**
 * One batch of sampled experience, row-wise (row b has {@code sequences.lengths()[b]} response tokens):
 * log-probs of the sampled tokens under the sampling policy and the reference, values (PPO only, else null),
 * the score used (after the EOS trick and clipping), the per-token KL estimate and rewards
 * (−β·KL everywhere, plus the score on the last token).
 */
public record Rollout(List<RlPrompt> prompts, List<int[]> responses, Sequences sequences, boolean[] endedWithEos,
                      float[] rawScores, float[] scores, float[][] oldLogProbs, float[][] refLogProbs, float[][] values,
                      float[][] kl, float[][] rewards, double generationSeconds, long generatedTokens) {
    public int size() { return responses.size(); }

    /** Sum of the per-token rewards of each sequence (the return GRPO and RLOO compare within a group). */
    public double[] sequenceRewards() {
        double[] s = new double[size()];
        for (int b = 0; b < s.length; b++) for (float r : rewards[b]) s[b] += r;
        return s;
    }

    /** Mean over sequences of the summed per-token KL estimate. */
    public double meanSequenceKl() {
        double s = 0;
        for (float[] row : kl) for (float k : row) s += k;
        return s / size();
    }
}
