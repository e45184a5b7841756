package llmforge.model;

import java.nio.file.Path;

/**
 * Writes the tiny encoder directory that {@code golden/gen_encoder.py} reads (run once, output committed):
 * {@code java ... llmforge.model.EncoderFixture src/test/resources/golden/encoder_model}.
 */
public final class EncoderFixture {
    static final EncoderConfig CONFIG = new EncoderConfig(50, 16, 2, 16, 2, 2, 32, 1e-12f, 0f, false, 0, 0);

    public static void main(String[] args) throws Exception {
        HfEncoderDirectory.save(new Encoder(CONFIG, 7), Path.of(args[0]));
    }
}
