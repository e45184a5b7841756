package llmforge.model;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the tiny model directories that {@code src/test/resources/golden/gen_decoder.py} re-implements in
 * PyTorch: {@code decoder-gpt2/} and {@code decoder-llama/}. Run from the repository root after test-compile:
 * {@code java -cp target/classes:target/test-classes:<deps> llmforge.model.GoldenDecoderDirs src/test/resources/golden}
 * then {@code cd src/test/resources/golden && /usr/bin/python3 gen_decoder.py}.
 */
public final class GoldenDecoderDirs {
    private GoldenDecoderDirs() {}

    /** GPT-2: tied head, learned positions, a non-default LayerNorm eps so a wrong eps would show. */
    static DecoderConfig gpt2() {
        return new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-4f, 10000, 1);
    }

    /** LLaMA: grouped-query heads (4 query, 2 key/value), untied head, non-default rope theta and linear scaling. */
    static DecoderConfig llama() {
        return new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 500, 2);
    }

    /**
     * A model with weights far from the default init (std 0.3, biases and norm gains non-trivial) so the logits
     * are far from uniform and every parameter moves the output: a mistake anywhere shows in the fixture.
     */
    static Decoder model(DecoderConfig c, long seed) {
        Decoder m = new Decoder(c, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            Tensor t = p.value();
            boolean gain = p.shape().length == 1 && !p.name().endsWith(".bias");
            for (long i = 0, n = t.size(); i < n; i++) {
                double g = r.nextGaussian();
                t.set(i, (float) (gain ? 1 + 0.2 * g : (p.shape().length == 1 ? 0.1 : 0.3) * g));
            }
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
        HfModelDirectory.save(model(gpt2(), 11), root.resolve("decoder-gpt2"), 0, 0);
        HfModelDirectory.save(model(llama(), 12), root.resolve("decoder-llama"), 1, 2);
    }
}
