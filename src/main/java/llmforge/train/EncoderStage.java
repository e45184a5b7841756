package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.model.Encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the encoder stages (MLM pretraining, sequence classification) share: an encoder, a data position counted in
 * micro-batches, validation batches fixed at the start, and checkpoint folders that also carry the run's tokenizer
 * files. A subclass says how batches are drawn, what the loss is and how a checkpoint is written and read.
 */
public abstract class EncoderStage<B> implements Stage<B> {
    protected final Encoder model;
    /** Filled by the subclass's constructor. */
    protected final List<B> validation = new ArrayList<>();
    private final List<Path> filesToCopy;
    /** Micro-batches drawn so far; the next batch is a function of it, so resume needs no replay. */
    protected long position;

    protected EncoderStage(Encoder model, List<Path> filesToCopy) {
        this.model = model;
        this.filesToCopy = List.copyOf(filesToCopy);
    }

    public Encoder model() { return model; }

    @Override public List<Parameter> parameters() { return model.parameters(); }

    @Override public List<B> validationBatches() { return validation; }

    @Override public long dataPosition() { return position; }

    @Override public void seekData(long p) { position = p; }

    @Override public void mode(boolean training, long dropoutSeed) {
        model.train(training);
        model.dropoutSeed(dropoutSeed);
    }

    /** Copies the run's tokenizer files into a checkpoint folder the subclass has written. */
    protected void copyFiles(Path dir) throws IOException { CheckpointFiles.copy(filesToCopy, dir); }
}
