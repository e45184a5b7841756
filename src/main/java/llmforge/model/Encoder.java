package llmforge.model;

import llmforge.autograd.IndexRows;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.kernels.AttentionMask;
import llmforge.nn.Embedding;
import llmforge.nn.Init;
import llmforge.nn.LayerNorm;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A BERT-style bidirectional encoder with HuggingFace BertForMaskedLM / BertForSequenceClassification names:
 * word + learned position + token-type embeddings, LayerNorm, {@link EncoderLayer}s, then either the MLM head
 * (dense + GELU + LayerNorm, decoder tied to the word embeddings, own bias) or the pooler (tanh dense on [CLS])
 * and a classifier.
 */
public final class Encoder extends Module {
    private final EncoderConfig config;
    private final Embedding words, positions, types;
    private final LayerNorm embedNorm;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;            // pre-norm only
    private final Linear transform;               // MLM head
    private final LayerNorm transformNorm;
    private final Parameter mlmBias;
    private final Linear pooler, classifier;      // classification head
    private boolean training = true;
    private long dropoutSeed;
    private int dropoutSite;

    public Encoder(EncoderConfig c, long seed) {
        this.config = c;
        int d = c.dModel();
        words = child(new Embedding("bert.embeddings.word_embeddings", c.vocabSize(), d));
        positions = child(new Embedding("bert.embeddings.position_embeddings", c.maxPositions(), d));
        types = child(new Embedding("bert.embeddings.token_type_embeddings", c.typeVocabSize(), d));
        embedNorm = child(new LayerNorm("bert.embeddings.LayerNorm", d, c.normEps()));
        for (int i = 0; i < c.nLayers(); i++) layers.add(child(new EncoderLayer(c, i)));
        finalNorm = c.preLayerNorm() ? child(new LayerNorm("bert.encoder.final_layer_norm", d, c.normEps())) : null;
        if (c.isClassifier()) {
            transform = null;
            transformNorm = null;
            mlmBias = null;
            pooler = child(new Linear("bert.pooler.dense", d, d, true));
            classifier = child(new Linear("classifier", d, c.numLabels(), true));
        } else {
            transform = child(new Linear("cls.predictions.transform.dense", d, d, true));
            transformNorm = child(new LayerNorm("cls.predictions.transform.LayerNorm", d, c.normEps()));
            mlmBias = parameter("cls.predictions.bias", c.vocabSize());
            pooler = null;
            classifier = null;
        }
        // BERT init: N(0, 0.02) matrices, zero biases, unit LayerNorm weights (set by LayerNorm itself)
        for (Parameter p : parameters()) {
            if (p.name().endsWith(".bias") || p.name().equals("cls.predictions.bias")) Init.constant(p, 0f);
            else if (p.shape().length >= 2) Init.normal(p, seed, 0.02);
        }
    }

    public EncoderConfig config() { return config; }

    public void train(boolean on) { training = on; }

    /** Seeds this step's dropout masks. */
    public void dropoutSeed(long s) { dropoutSeed = s; }

    /** The word embedding table (V, C), shared with the MLM decoder. */
    public Parameter wordEmbeddings() { return words.weight(); }

    // -> (B, T, C) final hidden states; padded positions are computed but attend only to real tokens
    public Tensor hidden(EncoderBatch in) {
        int b = in.batch(), t = in.seq();
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds max_position_embeddings " + config.maxPositions());
        }
        int[] pos = new int[b * t];
        for (int i = 0; i < pos.length; i++) pos[i] = i % t;
        int[] typeIds = in.typeIds() != null ? in.typeIds() : new int[b * t];
        Tensor x = Ops.add(Ops.add(words.forward(in.ids(), b, t), positions.forward(pos, b, t)), types.forward(typeIds, b, t));
        dropoutSite = 0;
        x = dropout(embedNorm.forward(x));
        AttentionMask mask = in.lengths() == null ? AttentionMask.BIDIRECTIONAL
                : AttentionMask.BIDIRECTIONAL.withKeyLengths(t, in.lengths());
        for (EncoderLayer layer : layers) x = layer.forward(x, mask, this::dropout);
        return finalNorm == null ? x : finalNorm.forward(x);
    }

    /** hidden (..., C) -> MLM logits (..., V). */
    public Tensor mlmLogits(Tensor hidden) {
        if (transform == null) throw new IllegalStateException("this encoder has a classification head, not an MLM head");
        Tensor h = transformNorm.forward(Ops.gelu(transform.forward(hidden), false));
        return Ops.linear(h, words.weight().value(), mlmBias.value());
    }

    /**
     * hidden (B, T, C) -> MLM logits (M, V) at the given flat positions (indices into B·T) only: pretraining runs
     * the head on the masked tokens alone, a sixth of the rows at 15 % masking.
     */
    public Tensor mlmLogitsAt(Tensor hidden, int[] flatPositions) {
        return mlmLogits(IndexRows.gather(Ops.reshape(hidden, -1, config.dModel()), flatPositions));
    }

    /** Sum of cross-entropies at positions whose label is not -100, divided by {@code divisor}. */
    public Tensor mlmLoss(EncoderBatch in, int[] labels, double divisor) {
        return Ops.crossEntropy(Ops.reshape(mlmLogits(hidden(in)), -1, config.vocabSize()), labels, -100, divisor);
    }

    /** Mean of the hidden states over each row's real tokens: (B, T, C) -> (B, C). */
    public static Tensor meanPool(Tensor hidden, EncoderBatch in) {
        int b = in.batch(), t = in.seq();
        float[] w = new float[b * t];
        for (int i = 0; i < b; i++) {
            int n = in.length(i);
            for (int j = 0; j < n; j++) w[i * t + j] = 1f / n;
        }
        return Ops.reshape(Ops.matmul(Tensor.of(w, b, 1, t), hidden), b, hidden.dim(2));
    }

    /** Sentence embeddings: mean pooling of the final hidden states over real tokens, (B, C). */
    public Tensor sentenceEmbeddings(EncoderBatch in) { return meanPool(hidden(in), in); }

    /** hidden (B, T, C) -> class logits (B, numLabels) from tanh(pooler([CLS])). */
    public Tensor classLogits(Tensor hidden) {
        if (classifier == null) throw new IllegalStateException("this encoder has no classification head (num_labels 0)");
        int b = hidden.dim(0), c = hidden.dim(2);
        Tensor cls = Ops.reshape(Ops.slice(hidden, 1, 0, 1), b, c);
        return classifier.forward(dropout(Ops.tanh(pooler.forward(cls))));
    }

    /** Cross-entropy of the class labels (one per row), summed and divided by {@code divisor}. */
    public Tensor classificationLoss(EncoderBatch in, int[] labels, double divisor) {
        return Ops.crossEntropy(classLogits(hidden(in)), labels, -100, divisor);
    }

    private Tensor dropout(Tensor x) {
        int site = dropoutSite++;
        if (!training || config.dropout() <= 0f) return x;
        return Ops.dropout(x, config.dropout(), dropoutSeed * 1_000_003L + site);
    }
}
