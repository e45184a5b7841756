package llmforge.train;

import llmforge.nn.SequenceLayout;

/** B rows of T next-token pairs: {@code targets[i]} follows {@code inputs[i]}; -100 marks a target without loss. */
public record TokenBatch(int[] inputs, int[] targets, SequenceLayout layout, long countedTokens) {
    public static final int IGNORE = -100;

    public static long countTargets(int[] targets) {
        long n = 0;
        for (int t : targets) if (t != IGNORE) n++;
        return n;
    }
}
