package llmforge.train.ppo;

import java.util.List;

/** The toy task's known reward: how often {@code token} occurs in the response. */
public record TokenCountReward(int token) implements RewardFunction {
    @Override public float[] score(List<RlPrompt> prompts, List<int[]> responses) {
        float[] s = new float[responses.size()];
        for (int i = 0; i < s.length; i++) for (int id : responses.get(i)) if (id == token) s[i]++;
        return s;
    }
}
