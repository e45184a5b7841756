package llmforge.train.dpo;

import llmforge.train.PaddedBatch;

import java.util.ArrayList;
import java.util.List;

/** A micro-batch of pairs; chosen and rejected answers go through the model as one batch (chosen rows first). */
public record PreferenceBatch(List<PreferencePair> pairs) {
    public PaddedBatch rows(int padId) {
        List<int[]> seqs = new ArrayList<>();
        for (PreferencePair p : pairs) seqs.add(p.chosen());
        for (PreferencePair p : pairs) seqs.add(p.rejected());
        return PaddedBatch.rightPadded(seqs, padId);
    }

    public int[] answerStarts() {
        int n = pairs.size();
        int[] s = new int[2 * n];
        for (int i = 0; i < n; i++) {
            s[i] = pairs.get(i).chosenStart();
            s[n + i] = pairs.get(i).rejectedStart();
        }
        return s;
    }
}
