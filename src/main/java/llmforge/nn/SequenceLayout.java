package llmforge.nn;

/**
 * How the B×T tokens of a batch are laid out: the position of each token (restarting per document when several
 * documents are packed in one row) and, when packed, a document id per token so attention stays inside each
 * document. Null arrays mean "one document per row, positions 0..T-1".
 */
public record SequenceLayout(int batch, int seq, int[] positions, int[] documentIds) {
    public SequenceLayout {
        if (positions != null && positions.length != batch * seq) {
            throw new IllegalArgumentException("positions: " + positions.length + " ids for " + batch + "x" + seq);
        }
        if (documentIds != null && documentIds.length != batch * seq) {
            throw new IllegalArgumentException("documentIds: " + documentIds.length + " ids for " + batch + "x" + seq);
        }
    }

    public static SequenceLayout plain(int batch, int seq) { return new SequenceLayout(batch, seq, null, null); }

    /** Position of every token, materialised (0..T-1 per row when not given). */
    public int[] positionsOrDefault() {
        if (positions != null) return positions;
        int[] p = new int[batch * seq];
        for (int i = 0; i < p.length; i++) p[i] = i % seq;
        return p;
    }
}
