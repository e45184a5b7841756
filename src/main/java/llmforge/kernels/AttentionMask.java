package llmforge.kernels;

import java.util.Arrays;

/**
 * Which keys each query may attend to; the parts combine (all must allow a pair).
 *
 * <p>Queries are aligned to the END of the keys: with T queries and S keys, query i sits at absolute position
 * {@code S - T + i}. With S == T this is ordinary self-attention; with S > T it is a block of new tokens attending
 * a KV cache that holds the earlier positions (generation).
 * <ul>
 *   <li>{@code causal}: the query at position p sees keys 0..p (requires T <= S).</li>
 *   <li>{@code keyValid} (B*S flags, row-major, or null): which key positions of each batch row hold real tokens
 *       (key padding).</li>
 *   <li>{@code documentIds} (B*S ids, or null): the document of every position of each batch row (packed
 *       sequences); a query sees only keys of its own document. Each document is one contiguous run of
 *       positions (requires T <= S; queries take the ids of their absolute positions).</li>
 * </ul>
 * A query that sees no key gets a zero output, a log-sum-exp of -infinity and a zero gradient.
 */
public record AttentionMask(boolean causal, boolean[] keyValid, int[] documentIds) {
    public static final AttentionMask BIDIRECTIONAL = new AttentionMask(false, null, null);
    public static final AttentionMask CAUSAL = new AttentionMask(true, null, null);

    /** Key padding given as the number of valid (leading) keys per batch row. */
    public AttentionMask withKeyLengths(int keys, int... lengths) {
        boolean[] valid = new boolean[lengths.length * keys];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > keys) {
                throw new IllegalArgumentException("key length of batch row " + b + " is " + lengths[b]
                        + ", expected 0.." + keys);
            }
            Arrays.fill(valid, b * keys, b * keys + lengths[b], true);
        }
        return withKeyValid(valid);
    }

    /** Key padding given as one flag per (batch row, key position). */
    public AttentionMask withKeyValid(boolean[] valid) { return new AttentionMask(causal, valid, documentIds); }

    /** Document mask for packed sequences: one id per (batch row, key position). */
    public AttentionMask withDocuments(int[] ids) { return new AttentionMask(causal, keyValid, ids); }

    /** Checks the mask fits a call with these sizes; the message names what is wrong. */
    public void check(int batch, int queries, int keys) {
        if ((causal || documentIds != null) && queries > keys) {
            throw new IllegalArgumentException("a causal or document mask needs queries <= keys (queries are the "
                    + "last positions), got " + queries + " queries and " + keys + " keys");
        }
        if (keyValid != null && keyValid.length != (long) batch * keys) {
            throw new IllegalArgumentException("key padding mask has " + keyValid.length + " flags, expected batch "
                    + batch + " x keys " + keys);
        }
        if (documentIds != null) {
            if (documentIds.length != (long) batch * keys) {
                throw new IllegalArgumentException("document mask has " + documentIds.length + " ids, expected batch "
                        + batch + " x keys " + keys);
            }
            for (int b = 0; b < batch; b++) checkRuns(documentIds, b, keys);
        }
    }

    private static void checkRuns(int[] ids, int b, int keys) {
        java.util.Set<Integer> closed = new java.util.HashSet<>();
        int base = b * keys;
        for (int s = 1; s < keys; s++) {
            if (ids[base + s] != ids[base + s - 1]) {
                closed.add(ids[base + s - 1]);
                if (closed.contains(ids[base + s])) {
                    throw new IllegalArgumentException("document id " + ids[base + s] + " of batch row " + b
                            + " reappears at position " + s + ": each document must be one contiguous run");
                }
            }
        }
    }

    /** Whether query i (of T) may see key j (of S) in batch row b: the definition the kernels implement. */
    public boolean allows(int b, int i, int j, int queries, int keys) {
        int p = keys - queries + i;
        if (causal && j > p) return false;
        if (keyValid != null && !keyValid[b * keys + j]) return false;
        return documentIds == null || documentIds[b * keys + j] == documentIds[b * keys + p];
    }
}
