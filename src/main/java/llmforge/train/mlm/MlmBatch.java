package llmforge.train.mlm;

import llmforge.data.MlmMasker;
import llmforge.model.EncoderBatch;

/**
 * One MLM micro-batch: the padded rows with their masking applied, the flat positions (into B·T) chosen for
 * prediction and the original tokens there, the only tokens that carry loss.
 */
public record MlmBatch(EncoderBatch input, int[] positions, int[] labels) {
    /**
     * Masks {@code rows} (right-padded with {@code padId}) with {@code masker} and seed {@code seed}; a draw that
     * chose nothing (possible for a few short rows) is redrawn with the next seeds, so every batch carries loss.
     */
    public static MlmBatch of(int[][] rows, int padId, MlmMasker masker, long seed) {
        EncoderBatch plain = EncoderBatch.of(rows, padId);
        MlmMasker.Masked m = masker.mask(plain.ids(), seed);
        for (int attempt = 1; m.maskedCount() == 0 && attempt <= 64; attempt++) m = masker.mask(plain.ids(), seed + attempt);
        if (m.maskedCount() == 0) throw new IllegalArgumentException("a batch of " + rows.length + " rows has no token to mask");
        int[] positions = new int[m.maskedCount()], labels = new int[positions.length];
        for (int i = 0, k = 0; i < m.labels().length; i++) {
            if (m.labels()[i] == MlmMasker.IGNORE) continue;
            positions[k] = i;
            labels[k++] = m.labels()[i];
        }
        EncoderBatch masked = new EncoderBatch(m.inputs(), null, plain.lengths(), plain.batch(), plain.seq());
        return new MlmBatch(masked, positions, labels);
    }
}
