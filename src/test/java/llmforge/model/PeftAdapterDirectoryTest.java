package llmforge.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Parameter;
import llmforge.cli.Main;
import llmforge.io.SafetensorsFile;
import llmforge.nn.Init;
import llmforge.nn.Lora;
import llmforge.nn.LoraConfig;
import llmforge.nn.SequenceLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeftAdapterDirectoryTest {
    static float[] logits(Decoder m, int[] ids) {
        try (var g = Grad.off()) { return m.logits(ids, SequenceLayout.plain(1, ids.length)).toFloatArray(); }
    }

    @Test
    void saveLoadAndCliMergeReproduceTheAdaptedModel(@TempDir Path tmp) throws Exception {
        DecoderConfig c = new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);
        Path base = tmp.resolve("base"), adapter = tmp.resolve("adapter"), merged = tmp.resolve("merged");
        HfModelDirectory.save(new Decoder(c, 1), base, 0, 0);
        Decoder m = HfModelDirectory.load(base);
        Lora lora = Lora.attach(m, new LoraConfig(4, 8, 0.05, "q_proj|v_proj"), 2);
        for (Parameter p : lora.parameters()) Init.normal(p, 9, 0.1);
        lora.train(false);
        int[] ids = new SplittableRandom(1).ints(10, 0, 64).toArray();
        float[] adapted = logits(m, ids);
        PeftAdapterDirectory.save(lora, adapter, base.toString(), false);

        var cfg = new ObjectMapper().readTree(adapter.resolve("adapter_config.json").toFile());
        assertEquals("LORA", cfg.get("peft_type").asText());
        assertEquals(4, cfg.get("r").asInt());
        assertEquals("[\"q_proj\",\"v_proj\"]", cfg.get("target_modules").toString());
        SafetensorsFile st = SafetensorsFile.open(adapter.resolve("adapter_model.safetensors"));
        assertEquals(8, st.entries().size());
        assertTrue(st.has("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"));

        Decoder again = HfModelDirectory.load(base);
        Lora loaded = PeftAdapterDirectory.load(again, adapter);
        loaded.train(false);
        Approx.assertBitsEqual("reloaded adapter", adapted, logits(again, ids));

        assertEquals(0, Main.commandLine().execute("lora", "merge", "--model", base.toString(), "--adapter",
                adapter.toString(), "--output", merged.toString()));
        Approx.assertClose("merged model", adapted, logits(HfModelDirectory.load(merged), ids), 1e-4, 1e-4);
    }

    @Test
    void adaptsTheEncoderToo() {
        Encoder e = new Encoder(EncoderFixture.CONFIG, 3);
        Lora lora = Lora.attach(e, new LoraConfig(2, 4, 0, "query|value"), 1);
        assertEquals(4, lora.modules().size());
        assertTrue(lora.modules().containsKey("bert.encoder.layer.1.attention.self.value"));
    }
}
