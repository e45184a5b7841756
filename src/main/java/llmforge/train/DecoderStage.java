package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.model.Decoder;
import llmforge.tensor.Tensor;

import java.util.List;

/**
 * What the next-token stages (pretraining, SFT) share: a decoder trained on {@link TokenBatch}es whose loss is the
 * summed cross-entropy over counted targets, a data position counted in micro-batches, and fixed validation batches.
 * A subclass says how batches are drawn and what a checkpoint carries.
 */
abstract class DecoderStage implements Stage<TokenBatch> {
    protected final Decoder model;
    private final List<TokenBatch> validation;
    /** Micro-batches drawn so far; the next batch is a function of it, so resume needs no replay. */
    protected long position;

    DecoderStage(Decoder model, List<TokenBatch> validation) {
        this.model = model;
        this.validation = List.copyOf(validation);
    }

    public Decoder model() { return model; }

    @Override public List<Parameter> parameters() { return model.parameters(); }

    @Override public long countedTokens(TokenBatch b) { return b.countedTokens(); }

    @Override public Tensor loss(TokenBatch b, float divisor, Metrics metrics) {
        return model.loss(b.inputs(), b.targets(), b.layout(), divisor);
    }

    @Override public List<TokenBatch> validationBatches() { return validation; }

    @Override public long dataPosition() { return position; }

    @Override public void seekData(long p) { position = p; }

    @Override public void recomputeActivations(boolean on) { model.recomputeActivations(on); }

    @Override public void mode(boolean training, long dropoutSeed) {
        model.train(training);
        model.dropoutSeed(dropoutSeed);
    }
}
