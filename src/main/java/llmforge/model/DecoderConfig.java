package llmforge.model;

import llmforge.nn.MoeConfig;

/**
 * The decoder's shape, one record for both flavours. {@code architecture} "gpt2": LayerNorm, learned positions,
 * GELU MLP, biases; "llama": RMSNorm, rotary positions, SwiGLU MLP, grouped-query attention, no biases.
 * {@code moe} replaces every MLP by a sparse mixture of experts (Mixtral for llama); {@link MoeConfig#DENSE} = none.
 */
public record DecoderConfig(String architecture, int vocabSize, int maxSeqLen, int dModel, int nLayers, int nHeads,
                            int nKvHeads, int dFf, boolean tiedEmbeddings, float dropout, float normEps,
                            double ropeTheta, double ropeScaling, MoeConfig moe) {
    /** A dense model (the constructor from before mixture-of-experts existed). */
    public DecoderConfig(String architecture, int vocabSize, int maxSeqLen, int dModel, int nLayers, int nHeads,
                         int nKvHeads, int dFf, boolean tiedEmbeddings, float dropout, float normEps,
                         double ropeTheta, double ropeScaling) {
        this(architecture, vocabSize, maxSeqLen, dModel, nLayers, nHeads, nKvHeads, dFf, tiedEmbeddings, dropout,
                normEps, ropeTheta, ropeScaling, MoeConfig.DENSE);
    }

    public DecoderConfig {
        if (moe == null) moe = MoeConfig.DENSE;
        if (!architecture.equals("gpt2") && !architecture.equals("llama")) {
            throw new IllegalArgumentException("architecture must be gpt2 or llama, got '" + architecture + "'");
        }
        if (dModel % nHeads != 0) throw new IllegalArgumentException("d_model " + dModel + " not divisible by n_heads " + nHeads);
        if (nHeads % nKvHeads != 0) throw new IllegalArgumentException("n_heads " + nHeads + " not divisible by n_kv_heads " + nKvHeads);
        if (vocabSize < 1 || maxSeqLen < 1 || nLayers < 1) throw new IllegalArgumentException("sizes must be positive");
    }

    public boolean isGpt2() { return architecture.equals("gpt2"); }

    public int headDim() { return dModel / nHeads; }

    public DecoderConfig withVocab(int v) {
        return new DecoderConfig(architecture, v, maxSeqLen, dModel, nLayers, nHeads, nKvHeads, dFf, tiedEmbeddings,
                dropout, normEps, ropeTheta, ropeScaling, moe);
    }

    public DecoderConfig withMoe(MoeConfig m) {
        return new DecoderConfig(architecture, vocabSize, maxSeqLen, dModel, nLayers, nHeads, nKvHeads, dFf,
                tiedEmbeddings, dropout, normEps, ropeTheta, ropeScaling, m);
    }

    static DecoderConfig gpt2Style(int vocab, int seq, int d, int layers, int heads) {
        return new DecoderConfig("gpt2", vocab, seq, d, layers, heads, heads, 4 * d, true, 0f, 1e-5f, 10000, 1);
    }

    /** Named presets: tiny (~1 M parameters, tests), small (~10 M, the demo), bench (engine benchmark), gpt2 (124 M). */
    public static DecoderConfig preset(String name) {
        return switch (name) {
            case "tiny" -> gpt2Style(2048, 128, 128, 4, 4);
            case "small" -> gpt2Style(8192, 256, 320, 6, 5);
            case "bench" -> gpt2Style(4096, 256, 256, 4, 4);
            case "gpt2" -> gpt2Style(50257, 1024, 768, 12, 12);
            case "tiny-llama" -> new DecoderConfig("llama", 2048, 128, 128, 4, 4, 2, 344, false, 0f, 1e-5f, 10000, 1);
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "' (valid: tiny, small, bench, gpt2, tiny-llama)");
        };
    }
}
