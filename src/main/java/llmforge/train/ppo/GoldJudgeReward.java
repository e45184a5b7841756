package llmforge.train.ppo;

import llmforge.align.GoldJudge;
import llmforge.align.GoldScore;
import llmforge.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The gold judge as a reward (and as the yardstick a learned reward is checked against): its total score. */
public final class GoldJudgeReward implements RewardFunction {
    private final Tokenizer tokenizer;
    private final int endOfTurn;

    public GoldJudgeReward(Tokenizer tokenizer, int endOfTurn) {
        this.tokenizer = tokenizer;
        this.endOfTurn = endOfTurn;
    }

    @Override public float[] score(List<RlPrompt> prompts, List<int[]> responses) {
        float[] s = new float[responses.size()];
        List<GoldScore> all = judge(prompts, responses);
        for (int i = 0; i < s.length; i++) s[i] = (float) all.get(i).total();
        return s;
    }

    /** The full verdicts (refusal criterion included, for the refusal rates). */
    public List<GoldScore> judge(List<RlPrompt> prompts, List<int[]> responses) {
        List<GoldScore> out = new ArrayList<>(responses.size());
        for (int i = 0; i < responses.size(); i++) {
            RlPrompt p = prompts.get(i);
            if (p.meta() == null) throw new IllegalArgumentException("the gold judge needs prompts with task metadata (alignment data)");
            out.add(GoldJudge.score(p.messages(), tokenizer.decode(withoutEnd(responses.get(i))), p.meta()));
        }
        return out;
    }

    private int[] withoutEnd(int[] r) {
        return r.length > 0 && r[r.length - 1] == endOfTurn ? Arrays.copyOf(r, r.length - 1) : r;
    }
}
