package llmforge.train.dpo;

import llmforge.align.AlignmentJsonl;

/** One pair encoded for DPO: prompt + answer + end-of-turn for each side, where each answer starts, its index. */
public record PreferencePair(int index, int[] chosen, int chosenStart, int[] rejected, int rejectedStart,
                             AlignmentJsonl.Pair source) {
    public int chosenTokens() { return chosen.length - chosenStart; }
}
