package llmforge.tokenizer;

/** Receives the pieces a pre-tokenizer cuts, as byte ranges {@code [start, end)} of the text. */
@FunctionalInterface
interface PieceSink {
    void piece(int start, int end);
}
