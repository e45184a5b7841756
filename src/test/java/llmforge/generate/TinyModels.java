package llmforge.generate;

import llmforge.autograd.Parameter;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.Init;

/** Small random decoders with weights large enough that the next-token distribution is far from uniform. */
final class TinyModels {
    private TinyModels() {}

    static DecoderConfig config(String arch, int vocab) {
        return arch.equals("gpt2")
                ? new DecoderConfig("gpt2", vocab, 48, 32, 2, 4, 4, 64, true, 0f, 1e-5f, 10000, 1)
                : new DecoderConfig("llama", vocab, 48, 32, 2, 4, 2, 56, false, 0f, 1e-5f, 10000, 1);
    }

    static Decoder model(String arch, int vocab, long seed) {
        Decoder m = new Decoder(config(arch, vocab), seed);
        for (Parameter p : m.parameters()) if (p.shape().length >= 2) Init.normal(p, seed, 0.3);
        m.train(false);
        return m;
    }
}
