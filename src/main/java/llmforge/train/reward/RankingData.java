package llmforge.train.reward;

import llmforge.align.AlignmentJsonl;
import llmforge.train.AnswerEncoder;
import llmforge.train.PromptSplit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A rankings file encoded for the reward model and split by prompt into training and held-out groups. */
public record RankingData(List<RankingGroup> train, List<RankingGroup> heldOut, int tooLong) {
    /** Groups with an answer longer than {@code maxLen} tokens are left out (counted in {@code tooLong}). */
    public static RankingData load(Path file, AnswerEncoder encoder, int maxLen, double evalFraction) {
        return of(AlignmentJsonl.readRankings(file), encoder, maxLen, evalFraction);
    }

    public static RankingData of(List<AlignmentJsonl.Ranked> rankings, AnswerEncoder encoder, int maxLen, double evalFraction) {
        List<RankingGroup> train = new ArrayList<>(), held = new ArrayList<>();
        int tooLong = 0;
        for (AlignmentJsonl.Ranked r : rankings) {
            RankingGroup g = encode(r, encoder);
            if (g.sequences().stream().anyMatch(s -> s.length > maxLen)) {
                tooLong++;
                continue;
            }
            (PromptSplit.heldOut(r.prompt(), evalFraction) ? held : train).add(g);
        }
        return new RankingData(train, held, tooLong);
    }

    public static RankingGroup encode(AlignmentJsonl.Ranked r, AnswerEncoder encoder) {
        int[] prompt = encoder.prompt(r.prompt());
        List<int[]> seqs = new ArrayList<>();
        for (String answer : r.responses()) seqs.add(encoder.encode(prompt, answer).ids());
        return new RankingGroup(seqs, r.ranking(), r);
    }
}
