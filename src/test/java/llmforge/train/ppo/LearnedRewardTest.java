package llmforge.train.ppo;

import llmforge.model.RewardModel;
import llmforge.model.RewardStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearnedRewardTest {
    @Test
    void scoresPromptPlusResponseNormalisedByTheSavedStats() {
        RewardModel rm = llmforge.train.reward.RewardModelTest.model("gpt2");
        rm.stats(new RewardStats(0.25, 2.0, 10));
        int[] p1 = {5, 9, 11}, r1 = {2, 7}, p2 = {4}, r2 = {8, 3, 12};
        float[] raw = rm.score(List.of(new int[] {5, 9, 11, 2, 7}, new int[] {4, 8, 3, 12}));
        float[] got = new LearnedReward(rm).score(List.of(RlPrompt.ofIds(p1), RlPrompt.ofIds(p2)), List.of(r1, r2));
        assertEquals((float) ((raw[0] - 0.25) / 2.0), got[0]);
        assertEquals((float) ((raw[1] - 0.25) / 2.0), got[1]);
    }
}
