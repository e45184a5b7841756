package llmforge.train;

import llmforge.model.DecoderConfig;

/**
 * The model of a run: a preset ({@link DecoderConfig#preset}) with optional overrides. The vocabulary size is not
 * set here: it comes from the shards (and their tokenizer).
 */
public record ModelSpec(String preset, String architecture, Integer maxSeqLen, Integer dModel, Integer nLayers,
                        Integer nHeads, Integer nKvHeads, Integer dFf, Boolean tiedEmbeddings, Float dropout) {
    public ModelSpec {
        preset = preset == null ? "small" : preset;
    }

    public DecoderConfig resolve(int vocabSize) {
        DecoderConfig p = DecoderConfig.preset(preset);
        int d = dModel != null ? dModel : p.dModel();
        int heads = nHeads != null ? nHeads : p.nHeads();
        String arch = architecture != null ? architecture : p.architecture();
        int ff = dFf != null ? dFf : dModel != null ? (arch.equals("gpt2") ? 4 * d : p.dFf() * d / p.dModel()) : p.dFf();
        return new DecoderConfig(arch, vocabSize, maxSeqLen != null ? maxSeqLen : p.maxSeqLen(), d,
                nLayers != null ? nLayers : p.nLayers(), heads, nKvHeads != null ? nKvHeads : (nHeads != null ? heads : p.nKvHeads()),
                ff, tiedEmbeddings != null ? tiedEmbeddings : p.tiedEmbeddings(), dropout != null ? dropout : p.dropout(),
                p.normEps(), p.ropeTheta(), p.ropeScaling());
    }
}
