package llmforge.model;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.io.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The encoder's MLM logits against a from-scratch PyTorch forward (golden/gen_encoder.py) of an exported model. */
class EncoderGoldenTest {
    static Path resource(String name) throws Exception {
        return Path.of(EncoderGoldenTest.class.getResource("/golden/" + name).toURI());
    }

    static float[] logits(Encoder model, int[] ids, int[] lengths, int b, int t) {
        model.train(false);
        try (var g = Grad.off()) {
            return model.mlmLogits(model.hidden(new EncoderBatch(ids, null, lengths, b, t))).toFloatArray();
        }
    }

    @Test
    void logitsMatchPyTorchWithAndWithoutPadding() throws Exception {
        Encoder model = HfEncoderDirectory.load(resource("encoder_model"));
        assertEquals(EncoderFixture.CONFIG, model.config());
        SafetensorsFile st = SafetensorsFile.open(resource("encoder.safetensors"));
        int[] ids = st.ints("ids");
        Approx.assertClose("logits", st.tensor("logits").toFloatArray(), logits(model, ids, null, 3, 9), 1e-4, 1e-4);
        Approx.assertClose("padded logits", st.tensor("logits_padded").toFloatArray(),
                logits(model, st.ints("ids_padded"), st.ints("lengths_padded"), 3, 9), 1e-4, 1e-4);
    }

    @Test
    void exportedDirectoryIsByteIdenticalToTheFixture(@TempDir Path tmp) throws Exception {
        HfEncoderDirectory.save(new Encoder(EncoderFixture.CONFIG, 7), tmp);
        SafetensorsFile ours = SafetensorsFile.open(tmp.resolve("model.safetensors"));
        SafetensorsFile fixture = SafetensorsFile.open(resource("encoder_model/model.safetensors"));
        assertEquals(fixture.entries().keySet(), ours.entries().keySet());
        for (String n : fixture.entries().keySet()) {
            assertArrayEquals(fixture.tensor(n).toFloatArray(), ours.tensor(n).toFloatArray(), n);
        }
        assertEquals(EncoderFixture.CONFIG, HfEncoderDirectory.readConfig(tmp));
    }
}
