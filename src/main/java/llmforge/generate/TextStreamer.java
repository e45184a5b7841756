package llmforge.generate;

/** Receives each row's answer text piece by piece as it is generated; the pieces concatenate to the final text. */
@FunctionalInterface
public interface TextStreamer {
    void text(int row, String piece);
}
