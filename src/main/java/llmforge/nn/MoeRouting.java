package llmforge.nn;

import java.util.Arrays;

/**
 * The discrete part of top-k routing: each token's k most probable experts (ties to the lower index), then
 * capacity: all first choices in token order, then all second choices, each accepted while its expert has room.
 * Each expert's accepted tokens are listed in increasing token order, which fixes the order of its GEMM rows.
 */
public final class MoeRouting {
    final int[] choice;          // (N, k) expert ids, best first
    final boolean[] kept;        // (N, k) accepted under capacity
    final int[][] tokensOf;      // per expert: accepted token indices, ascending
    final long[] selected;       // per expert: top-k selections before capacity (the f_i of the aux loss)
    final MoeStats stats;

    MoeRouting(float[] probs, int tokens, int experts, int k, int capacity) {
        choice = new int[tokens * k];
        kept = new boolean[tokens * k];
        selected = new long[experts];
        for (int t = 0; t < tokens; t++) {
            int first = -1;
            for (int r = 0; r < k; r++) {
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (e == first) continue;
                    if (best < 0 || probs[t * experts + e] > probs[t * experts + best]) best = e;
                }
                choice[t * k + r] = best;
                selected[best]++;
                first = best;
            }
        }
        int[] load = new int[experts];
        long dropped = 0;
        for (int r = 0; r < k; r++) {
            for (int t = 0; t < tokens; t++) {
                int e = choice[t * k + r];
                if (load[e] < capacity) {
                    load[e]++;
                    kept[t * k + r] = true;
                } else dropped++;
            }
        }
        tokensOf = new int[experts][];
        int[] fill = new int[experts];
        for (int e = 0; e < experts; e++) tokensOf[e] = new int[load[e]];
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < k; r++) {
                if (kept[t * k + r]) { int e = choice[t * k + r]; tokensOf[e][fill[e]++] = t; }
            }
        }
        long[] slots = new long[experts];
        for (int e = 0; e < experts; e++) slots[e] = load[e];
        stats = new MoeStats(slots, dropped, (long) tokens * k);
    }

    public int[] tokensOf(int expert) { return tokensOf[expert].clone(); }

    public int[] choices() { return choice.clone(); }

    public MoeStats stats() { return stats; }

    @Override public String toString() { return "MoeRouting" + Arrays.toString(choice); }
}
