package llmforge.model;

/**
 * The shape of a BERT-style encoder. {@code preLayerNorm} false is BERT's post-norm block (x = LN(x + f(x)));
 * true normalises before each sublayer and adds a final LayerNorm. {@code numLabels} 0 gives the masked-LM head
 * (BertForMaskedLM), n > 0 a pooler + n-way classifier (BertForSequenceClassification).
 */
public record EncoderConfig(int vocabSize, int maxPositions, int typeVocabSize, int dModel, int nLayers, int nHeads,
                            int dFf, float normEps, float dropout, boolean preLayerNorm, int numLabels, int padId) {
    public EncoderConfig {
        if (vocabSize < 1 || maxPositions < 1 || typeVocabSize < 1 || nLayers < 1 || dFf < 1) {
            throw new IllegalArgumentException("encoder sizes must be positive");
        }
        if (dModel % nHeads != 0) throw new IllegalArgumentException("hidden_size " + dModel + " not divisible by num_attention_heads " + nHeads);
        if (numLabels < 0) throw new IllegalArgumentException("num_labels must be >= 0, got " + numLabels);
    }

    public boolean isClassifier() { return numLabels > 0; }

    public int headDim() { return dModel / nHeads; }

    public EncoderConfig withLabels(int n) {
        return new EncoderConfig(vocabSize, maxPositions, typeVocabSize, dModel, nLayers, nHeads, dFf, normEps, dropout,
                preLayerNorm, n, padId);
    }

    public EncoderConfig withVocab(int v) {
        return new EncoderConfig(v, maxPositions, typeVocabSize, dModel, nLayers, nHeads, dFf, normEps, dropout,
                preLayerNorm, numLabels, padId);
    }

    /** Named presets: tiny (tests, ~0.5 M parameters), mini (BERT-mini shape), base (BERT-base). */
    public static EncoderConfig preset(String name) {
        return switch (name) {
            case "tiny" -> new EncoderConfig(1024, 128, 2, 64, 2, 4, 256, 1e-12f, 0.1f, false, 0, 0);
            case "mini" -> new EncoderConfig(30522, 512, 2, 256, 4, 4, 1024, 1e-12f, 0.1f, false, 0, 0);
            case "base" -> new EncoderConfig(30522, 512, 2, 768, 12, 12, 3072, 1e-12f, 0.1f, false, 0, 0);
            default -> throw new IllegalArgumentException("unknown encoder preset '" + name + "' (valid: tiny, mini, base)");
        };
    }
}
