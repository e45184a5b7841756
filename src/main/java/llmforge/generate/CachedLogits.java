package llmforge.generate;

import llmforge.autograd.Grad;
import llmforge.model.Decoder;
import llmforge.nn.KvCache;
import llmforge.tensor.MemoryScope;

/** Logits through the decoder's KV cache: the prompt in one forward, then one token per row per step. */
final class CachedLogits implements LogitsSource {
    private final Decoder model;
    private final int batch;
    private final KvCache cache;

    CachedLogits(Decoder model, int batch, int capacity, int[] padding) {
        this.model = model;
        this.batch = batch;
        this.cache = model.newCache(batch, capacity, padding);
    }

    @Override public float[][] prefill(int[] paddedIds, int promptLength) { return run(paddedIds, promptLength); }

    @Override public float[][] step(int[] nextIds) { return run(nextIds, 1); }

    private float[][] run(int[] ids, int t) {
        try (var g = Grad.off(); var scope = MemoryScope.open()) {
            return LogitsSource.rows(model.forwardCached(ids, batch, t, cache).toFloatArray(), batch);
        }
    }
}
