package llmforge.train.ppo;

import llmforge.model.RewardModel;
import llmforge.model.RewardStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The learned reward model as PPO's reward: it scores prompt + response (the response ends with the end-of-turn
 * token when the policy stopped; answers without it get the EOS-trick penalty elsewhere), normalised by the
 * statistics saved with the model so rewards are zero-mean, unit-spread whatever the model's scale.
 */
final class LearnedReward implements RewardFunction {
    private final RewardModel model;
    private final RewardStats stats;

    LearnedReward(RewardModel model) {
        this.model = model;
        this.stats = model.stats() != null ? model.stats() : new RewardStats(0, 1, 0);
    }

    @Override public float[] score(List<RlPrompt> prompts, List<int[]> responses) {
        List<int[]> sequences = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i).ids(), r = responses.get(i);
            int[] s = java.util.Arrays.copyOf(p, p.length + r.length);
            System.arraycopy(r, 0, s, p.length, r.length);
            sequences.add(s);
        }
        float[] raw = model.score(sequences);
        for (int i = 0; i < raw.length; i++) raw[i] = (float) stats.normalize(raw[i]);
        return raw;
    }
}
