package llmforge.train.reward;

import llmforge.align.AlignmentJsonl;

import java.util.ArrayList;
import java.util.List;

/**
 * One prompt's K answers, each encoded as prompt + answer + end-of-turn, with their ranking (answer indices, best
 * first). All of its C(K,2) pairs form one batch element: K forwards, then the pair losses from the K rewards.
 */
public record RankingGroup(List<int[]> sequences, List<Integer> ranking, AlignmentJsonl.Ranked source) {
    /** Every (better, worse) pair of answer indices the ranking implies: C(K,2) of them, better one first. */
    public static List<int[]> pairs(List<Integer> ranking) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            for (int j = i + 1; j < ranking.size(); j++) out.add(new int[] {ranking.get(i), ranking.get(j)});
        }
        return out;
    }

    public List<int[]> pairs() { return pairs(ranking); }

    public String family() { return source == null || source.meta() == null ? "unknown" : source.meta().family(); }
}
