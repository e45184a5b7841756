package llmforge.generate;

/**
 * The model seen by the generation loop: next-token logits for every row, first for the (left-padded) prompts,
 * then after each appended token.
 */
interface LogitsSource {
    /** ids: B*P left-padded prompts, row-major; returns (B, V) logits of each row's last position. */
    float[][] prefill(int[] paddedIds, int promptLength);

    /** Appends one token per row and returns the next (B, V) logits. */
    float[][] step(int[] nextIds);

    static float[][] rows(float[] flat, int batch) {
        int v = flat.length / batch;
        float[][] out = new float[batch][];
        for (int b = 0; b < batch; b++) out[b] = java.util.Arrays.copyOfRange(flat, b * v, (b + 1) * v);
        return out;
    }
}
