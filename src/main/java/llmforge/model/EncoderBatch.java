package llmforge.model;

/**
 * A right-padded batch for the encoder: B×T token ids, optional token-type ids (null = all segment 0) and the
 * number of real tokens per row (null = no padding). Padding keys are masked out of attention and pooling.
 */
public record EncoderBatch(int[] ids, int[] typeIds, int[] lengths, int batch, int seq) {
    public EncoderBatch {
        if (ids.length != batch * seq) throw new IllegalArgumentException(ids.length + " ids for " + batch + "x" + seq);
        if (typeIds != null && typeIds.length != ids.length) throw new IllegalArgumentException("typeIds length " + typeIds.length + " != " + ids.length);
        if (lengths != null && lengths.length != batch) throw new IllegalArgumentException(lengths.length + " lengths for batch " + batch);
    }

    /** Pads the sequences on the right with {@code padId} to the longest one. */
    public static EncoderBatch of(int[][] sequences, int padId) {
        int t = 0;
        for (int[] s : sequences) t = Math.max(t, s.length);
        int b = sequences.length;
        int[] ids = new int[b * t], lengths = new int[b];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            System.arraycopy(sequences[i], 0, ids, i * t, sequences[i].length);
            lengths[i] = sequences[i].length;
        }
        return new EncoderBatch(ids, null, lengths, b, t);
    }

    public int length(int row) { return lengths == null ? seq : lengths[row]; }
}
