package llmforge.train.mlm;

import llmforge.model.EncoderConfig;

/**
 * The encoder of an MLM run: a preset ({@link EncoderConfig#preset}: tiny, mini, base) with optional overrides; the
 * vocabulary size comes from the tokenizer.
 */
public record EncoderSpec(String preset, Integer maxPositions, Integer dModel, Integer nLayers, Integer nHeads, Integer dFf,
                          Float dropout, Boolean preLayerNorm) {
    public EncoderSpec {
        preset = preset == null ? "mini" : preset;
    }

    public EncoderConfig resolve(int vocabSize, int padId) {
        EncoderConfig p = EncoderConfig.preset(preset);
        int d = dModel != null ? dModel : p.dModel();
        return new EncoderConfig(vocabSize, maxPositions != null ? maxPositions : p.maxPositions(), p.typeVocabSize(), d,
                nLayers != null ? nLayers : p.nLayers(), nHeads != null ? nHeads : p.nHeads(),
                dFf != null ? dFf : dModel != null ? 4 * d : p.dFf(), p.normEps(), dropout != null ? dropout : p.dropout(),
                preLayerNorm != null ? preLayerNorm : p.preLayerNorm(), 0, padId);
    }
}
