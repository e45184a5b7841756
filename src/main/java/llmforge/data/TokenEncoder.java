package llmforge.data;

/** What the pack step needs from a tokenizer: text to ids, the end-of-text id, and the vocabulary size. */
public interface TokenEncoder {
    int[] encode(String text);

    int eotId();

    int vocabSize();
}
