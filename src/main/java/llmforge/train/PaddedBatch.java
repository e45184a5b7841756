package llmforge.train;

import llmforge.nn.SequenceLayout;

import java.util.List;

/**
 * Sequences of different lengths as one right-padded B×T batch. With causal attention a real token never sees the
 * padding after it, so no attention mask is needed; row r's last real token is at {@code r*T + lengths[r] - 1}.
 */
public record PaddedBatch(int[] ids, int rows, int seq, int[] lengths) {
    public static PaddedBatch rightPadded(List<int[]> sequences, int padId) {
        int t = 1;
        for (int[] s : sequences) {
            if (s.length == 0) throw new IllegalArgumentException("an empty sequence cannot be batched");
            t = Math.max(t, s.length);
        }
        int b = sequences.size();
        int[] ids = new int[b * t], lengths = new int[b];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * t, s.length);
            lengths[r] = s.length;
        }
        return new PaddedBatch(ids, b, t, lengths);
    }

    public SequenceLayout layout() { return SequenceLayout.plain(rows, seq); }

    /** Flat index (into B*T) of each row's last real token. */
    public int[] lastIndices() {
        int[] last = new int[rows];
        for (int r = 0; r < rows; r++) last[r] = r * seq + lengths[r] - 1;
        return last;
    }
}
