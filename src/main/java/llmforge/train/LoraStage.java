package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A stage fine-tuned through LoRA: the wrapped stage's batches, loss, validation and samples, but the optimiser
 * sees only the adapters (and the modules trained in full), and checkpoints hold the adapter directory instead of
 * the full weights. The shared loop needs nothing else to know about LoRA.
 */
public final class LoraStage<B> implements Stage<B> {
    private final Stage<B> inner;
    private final LoraTuning lora;

    public LoraStage(Stage<B> inner, LoraTuning lora) {
        this.inner = inner;
        this.lora = lora;
    }

    @Override public List<Parameter> parameters() { return lora.parameters(); }

    @Override public B nextBatch() { return inner.nextBatch(); }

    @Override public long countedTokens(B batch) { return inner.countedTokens(batch); }
    @Override public String countedUnit() { return inner.countedUnit(); }

    @Override public Tensor loss(B batch, float divisor, Metrics metrics) { return inner.loss(batch, divisor, metrics); }

    @Override public List<B> validationBatches() { return inner.validationBatches(); }

    @Override public long dataPosition() { return inner.dataPosition(); }

    @Override public void recomputeActivations(boolean on) { inner.recomputeActivations(on); }

    @Override public void seekData(long position) { inner.seekData(position); }

    @Override public void mode(boolean training, long dropoutSeed) {
        inner.mode(training, dropoutSeed);
        lora.mode(training, dropoutSeed);
    }

    @Override public void saveModel(Path dir) throws IOException { lora.save(dir); }

    @Override public void loadModel(Path dir) throws IOException { lora.load(dir); }

    @Override public List<Sample> samples() { return inner.samples(); }
}
