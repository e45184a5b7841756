package llmforge.model;

import llmforge.autograd.Checkpoint;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.nn.Embedding;
import llmforge.nn.Init;
import llmforge.nn.KvCache;
import llmforge.nn.LayerNorm;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.nn.MoeMlp;
import llmforge.nn.MoeStats;
import llmforge.nn.Norm;
import llmforge.nn.RMSNorm;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only transformer (GPT-2 or LLaMA flavour, one class): token (+ learned position) embeddings,
 * pre-norm blocks, a final norm and the LM head (tied to the token embeddings or not). Parameter names follow
 * HuggingFace's GPT2LMHeadModel / LlamaForCausalLM.
 */
public final class Decoder extends Module {
    private final DecoderConfig config;
    private final Embedding tokens;
    private final Embedding positions;   // gpt2 only
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final Norm finalNorm;
    private final Linear lmHead;         // null when tied
    private boolean training = true;
    private long dropoutSeed;
    private boolean recompute;

    public Decoder(DecoderConfig c, long seed) {
        this.config = c;
        if (c.isGpt2()) {
            tokens = child(new Embedding("transformer.wte", c.vocabSize(), c.dModel()));
            positions = child(new Embedding("transformer.wpe", c.maxSeqLen(), c.dModel()));
        } else {
            tokens = child(new Embedding("model.embed_tokens", c.vocabSize(), c.dModel()));
            positions = null;
        }
        for (int i = 0; i < c.nLayers(); i++) blocks.add(child(new DecoderBlock(c, i)));
        finalNorm = c.isGpt2() ? child(new LayerNorm("transformer.ln_f", c.dModel(), c.normEps()))
                : child(new RMSNorm("model.norm", c.dModel(), c.normEps()));
        lmHead = c.tiedEmbeddings() ? null : child(new Linear("lm_head", c.dModel(), c.vocabSize(), false));
        initialise(seed);
    }

    /** GPT-2 init: N(0, 0.02) weights, zero biases, unit norms; residual projections N(0, 0.02/sqrt(2L)). */
    private void initialise(long seed) {
        for (Parameter p : parameters()) {
            if (p.name().endsWith(".bias")) Init.constant(p, 0f);
            else if (p.shape().length >= 2) Init.normal(p, seed, 0.02);
        }
        double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayers());
        for (DecoderBlock b : blocks) {
            for (Linear l : b.residualProjections()) Init.normal(l.weight(), seed, residualStd);
        }
    }

    public DecoderConfig config() { return config; }

    public void train(boolean on) { training = on; }

    /**
     * Activation recomputation: each block keeps only its input during the forward and re-runs its forward in
     * backward (about a third more compute, activations of one block instead of all). Gradients are unchanged.
     */
    public void recomputeActivations(boolean on) { recompute = on; }

    /**
     * Freezes the model for inference-only use (a reference or reward model): no parameter trains any more and every
     * linear layer keeps its weight in bf16 only (half their memory; float32 products). Embeddings, norms and biases
     * stay float32, and so does a tied LM head, which reads the embedding table.
     */
    public void freezeAsBf16() {
        for (Parameter p : parameters()) p.trainable(false);
        for (Module m : modules()) if (m instanceof Linear l) l.freezeAsBf16();
    }

    /** Seeds this step's dropout masks (the training loop advances it so resume reproduces them). */
    public void dropoutSeed(long s) { dropoutSeed = s; }

    // ids: B*T -> hidden states (B, T, C) after the final norm
    public Tensor hidden(int[] ids, SequenceLayout layout) {
        int b = layout.batch(), t = layout.seq();
        if (t > config.maxSeqLen() && positions != null) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds the model's max_seq_len " + config.maxSeqLen());
        }
        Tensor x = tokens.forward(ids, b, t);
        if (positions != null) x = Ops.add(x, positions.forward(layout.positionsOrDefault(), b, t));
        x = dropout(x, 0);
        for (DecoderBlock block : blocks) {
            x = recompute ? Checkpoint.apply(h -> block.forward(h, layout), x, block.gradientInputs())
                    : block.forward(x, layout);
        }
        return finalNorm.forward(x);
    }

    // hidden (B, T, C) -> logits (B, T, V)
    public Tensor logits(Tensor hidden) {
        return lmHead != null ? lmHead.forward(hidden) : Ops.linear(hidden, tokens.weight().value(), null);
    }

    public Tensor logits(int[] ids, SequenceLayout layout) { return logits(hidden(ids, layout)); }

    /**
     * An empty KV cache for {@code batch} rows of up to {@code capacity} positions; row b is left-padded by
     * {@code padding[b]} positions (see {@link KvCache}).
     */
    public KvCache newCache(int batch, int capacity, int[] padding) {
        if (capacity > config.maxSeqLen()) {
            throw new IllegalArgumentException(capacity + " positions exceed the model's max_seq_len " + config.maxSeqLen());
        }
        return new KvCache(config.nLayers(), batch, capacity, config.nKvHeads(), config.headDim(), padding);
    }

    /**
     * Inference step with a KV cache: runs {@code newTokens} new ids per row (B*newTokens, row-major) at the
     * cache's next positions, appends their keys and values and returns the logits of each row's LAST new
     * token (B, V). Call inside {@code Grad.off()}; the training path ({@link #hidden}) is not involved.
     */
    public Tensor forwardCached(int[] ids, int batch, int newTokens, KvCache cache) {
        if (ids.length != batch * newTokens || cache.batch() != batch) {
            throw new IllegalArgumentException(ids.length + " ids for batch " + batch + " x " + newTokens
                    + " new tokens (cache batch " + cache.batch() + ")");
        }
        int[] pos = cache.nextPositions(newTokens);
        Tensor x = tokens.forward(ids, batch, newTokens);
        if (positions != null) x = Ops.add(x, positions.forward(pos, batch, newTokens));
        for (int i = 0; i < blocks.size(); i++) x = blocks.get(i).forwardCached(x, pos, cache, i);
        cache.advance(newTokens);
        Tensor last = newTokens == 1 ? x : Ops.slice(x, 1, newTokens - 1, newTokens);
        return Ops.reshape(logits(finalNorm.forward(last)), batch, config.vocabSize());
    }

    /**
     * Next-token cross-entropy: the SUM of the per-token losses over targets that are not {@code ignoreIndex},
     * divided by {@code divisor} (the token count of the whole accumulated step, so micro-batches add up right).
     */
    public Tensor loss(int[] ids, int[] targets, SequenceLayout layout, float divisor) {
        Tensor logits = logits(ids, layout);
        Tensor loss = Ops.crossEntropy(Ops.reshape(logits, -1, config.vocabSize()), targets, -100, divisor);
        if (!config.moe().isSparse()) return loss;
        // each layer's aux loss is a mean over this micro-batch: weight it by the micro-batch's share of the step
        float share = (float) (ids.length / (double) divisor);
        for (DecoderBlock b : blocks) loss = Ops.add(loss, Ops.scale(b.moe().lastAuxLoss(), share));
        return loss;
    }

    /** Routing statistics of the last forward pass summed over the MoE layers (empty for a dense model). */
    public MoeStats moeStats() {
        MoeStats s = MoeStats.empty(config.moe().numExperts());
        for (DecoderBlock b : blocks) {
            MoeMlp m = b.moe();
            if (m != null) s = s.plus(m.lastStats());
        }
        return s;
    }

    private Tensor dropout(Tensor x, int site) {
        if (!training || config.dropout() <= 0f) return x;
        return Ops.dropout(x, config.dropout(), dropoutSeed * 1_000_003L + site);
    }
}
