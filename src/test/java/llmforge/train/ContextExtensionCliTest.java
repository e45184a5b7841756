package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.CliRun;
import llmforge.io.SafetensorsFile;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** extend-context, eval at several window lengths, and a fine-tune of the extended model at the longer length. */
class ContextExtensionCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    @Test
    void extendMeasureAndFineTuneAtTheLongerLength() throws Exception {
        Tokenizer tok = BpeTrainer.train(List.of("the cat sat on the mat", "the dog sat on the log", "a cat and a dog"),
                new BpeTrainer.Options(280, 1, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
        Path base = tmp.resolve("base");
        HfModelDirectory.save(new Decoder(new DecoderConfig("llama", tok.vocabSize(), 8, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1), 3), base, 0, 0);
        TokenizerJsonWriter.write(tok, base.resolve("tokenizer.json"));

        CliRun x = CliRun.run("", "extend-context", "--model", base.toString(), "--factor", "4", "--method", "linear", "--output", tmp.resolve("x4").toString());
        assertEquals(0, x.code(), x.err());
        JsonNode cfg = JSON.readTree(tmp.resolve("x4/config.json").toFile());
        assertEquals(32, cfg.get("max_position_embeddings").asInt());
        assertEquals("linear", cfg.path("rope_scaling").path("type").asText());
        assertEquals(4.0, cfg.path("rope_scaling").path("factor").asDouble());
        assertTrue(Files.isRegularFile(tmp.resolve("x4/tokenizer.json")));
        SafetensorsFile a = SafetensorsFile.open(base.resolve("model.safetensors")), b = SafetensorsFile.open(tmp.resolve("x4/model.safetensors"));
        for (String name : a.entries().keySet()) assertArrayEquals(a.tensor(name).toFloatArray(), b.tensor(name).toFloatArray(), name);

        Path text = tmp.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat and the dog sat on the log, a cat and a dog sat on the mat. ".repeat(4));
        CliRun e = CliRun.run("", "eval", "--checkpoint", base.toString(), "--input", text.toString(), "--seq-len", "8,16,32");
        assertEquals(0, e.code(), e.err());
        String[] lines = e.out().strip().split("\n");
        assertEquals(3, lines.length, e.out());
        for (int i = 0; i < 3; i++) {
            JsonNode n = JSON.readTree(lines[i]);
            assertEquals(8 << i, n.get("seq_len").asInt());
            assertEquals(i > 0, n.get("beyond_context").asBoolean());
            assertTrue(Double.isFinite(n.get("perplexity").asDouble()));
        }
        CliRun g = CliRun.run("", "eval", "--checkpoint", base.toString(), "--input", text.toString(), "--seq-len", "8");
        assertEquals(JSON.readTree(lines[0]).get("loss"), JSON.readTree(g.out().strip()).get("loss"), "a window's loss does not depend on the others asked for");

        // the extended model fine-tuned at its new length from pretrain's init
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        Path ft = tmp.resolve("ft.yaml");
        Files.writeString(ft, "data: " + shards + "\ninit: " + tmp.resolve("x4") + "\noutput: " + tmp.resolve("ft") + "\nbatch_size: 2\nseq_len: 32\n"
                + "train: {steps: 2, warmup_steps: 0, eval_every: 0, checkpoint_every: 0}\n");
        CliRun p = CliRun.run("", "pretrain", "--config", ft.toString());
        assertEquals(0, p.code(), p.err());
        JsonNode saved = JSON.readTree(tmp.resolve("ft/checkpoints/step-000002/config.json").toFile());
        assertEquals(32, saved.get("max_position_embeddings").asInt());
        assertEquals(4.0, saved.path("rope_scaling").path("factor").asDouble());

        Files.writeString(ft, Files.readString(ft) + "model: {preset: tiny}\n");
        CliRun both = CliRun.run("", "pretrain", "--config", ft.toString());
        assertTrue(both.code() != 0 && both.err().contains("'init'") && both.err().contains("not both"), both.err());
        CliRun shrink = CliRun.run("", "extend-context", "--model", tmp.resolve("ft/checkpoints/step-000002").toString(), "--factor", "0.5",
                "--output", tmp.resolve("bad").toString());
        assertTrue(shrink.code() != 0 && shrink.err().contains("greater than 1"), shrink.err());
    }
}
