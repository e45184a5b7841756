package llmforge.tokenizer;

/** What a trainer reports while it runs: bytes of corpus read, then merges made. */
public interface TrainingProgress {
    TrainingProgress SILENT = new TrainingProgress() {};

    default void startReading(long totalBytes) {}

    default void read(long bytes) {}

    default void startMerging(long mergesWanted) {}

    default void merged() {}

    default void done() {}

    /** Shows both phases on {@link llmforge.io.ProgressBar}s. */
    static TrainingProgress bars() {
        return new TrainingProgress() {
            private llmforge.io.ProgressBar bar;

            @Override public void startReading(long totalBytes) {
                bar = new llmforge.io.ProgressBar("counting words", totalBytes, "B");
            }

            @Override public void read(long bytes) { bar.step(bytes); }

            @Override public void startMerging(long mergesWanted) {
                if (bar != null) bar.close();
                bar = new llmforge.io.ProgressBar("merging pairs", mergesWanted, "merges");
            }

            @Override public void merged() { bar.step(1); }

            @Override public void done() { bar.close(); }
        };
    }
}
