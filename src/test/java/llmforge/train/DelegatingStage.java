package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A stage that forwards everything; tests override one method to inject a fault or an interruption. */
class DelegatingStage<B> implements Stage<B> {
    final Stage<B> inner;

    DelegatingStage(Stage<B> inner) { this.inner = inner; }

    @Override public List<Parameter> parameters() { return inner.parameters(); }
    @Override public B nextBatch() { return inner.nextBatch(); }
    @Override public long countedTokens(B b) { return inner.countedTokens(b); }
    @Override public Tensor loss(B b, float divisor, Metrics m) { return inner.loss(b, divisor, m); }
    @Override public List<B> validationBatches() { return inner.validationBatches(); }
    @Override public long dataPosition() { return inner.dataPosition(); }
    @Override public void seekData(long p) { inner.seekData(p); }
    @Override public void mode(boolean training, long seed) { inner.mode(training, seed); }
    @Override public void recomputeActivations(boolean on) { inner.recomputeActivations(on); }
    @Override public void saveModel(Path dir) throws IOException { inner.saveModel(dir); }
    @Override public void loadModel(Path dir) throws IOException { inner.loadModel(dir); }
}
