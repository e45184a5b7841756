package llmforge.generate;

/**
 * One row's output. {@code tokens}: the generated ids (the EOS id included when it ended the row);
 * {@code logProbs}: log-probability of each token under the distribution it was drawn from (after penalty,
 * temperature, top-k, top-p; 0 for greedy, a point mass); {@code rawLogProbs}: under the model's own softmax;
 * {@code text}: the decoded answer without EOS and cut before a stop string (null when generated without a
 * tokenizer).
 */
public record Generation(int[] tokens, float[] logProbs, float[] rawLogProbs, String text, Finish finish) {
    /** Why a row stopped. */
    public enum Finish { EOS, STOP_STRING, LENGTH }

    public boolean stoppedOnEos() { return finish == Finish.EOS; }
}
