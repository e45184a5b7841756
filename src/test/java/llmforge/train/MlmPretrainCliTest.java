package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.CliRun;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.tokenizer.WordPieceTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmforge pretrain} with {@code objective: mlm} end to end: a tiny BERT on a few hundred sentences, then fill-mask. */
class MlmPretrainCliTest {
    @TempDir static Path dir;
    static Path tokenizer, docs;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ANIMALS = {"cat", "dog", "bird", "fish", "horse"}, PLACES = {"mat", "rug", "bed", "sofa", "floor"};

    @BeforeAll static void corpus() throws Exception {
        List<String> texts = new ArrayList<>(), lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String a = ANIMALS[i % 5], p = PLACES[(i / 5) % 5];
            String text = "the " + a + " sat on the " + p + ". the " + a + " was happy on the " + p + " all day.";
            texts.add(text);
            lines.add(JSON.writeValueAsString(java.util.Map.of("text", text + " story " + i)));
        }
        WordPieceTokenizer tok = WordPieceTrainer.train(texts, new WordPieceTrainer.Options(120, 1, true));
        tokenizer = dir.resolve("tok/tokenizer.json");
        Files.createDirectories(tokenizer.getParent());
        TokenizerJsonWriter.write(tok, tokenizer);
        docs = dir.resolve("docs.jsonl");
        Files.write(docs, lines);
    }

    static Path config(String name, int steps) throws Exception {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, String.join("\n", "objective: mlm", "sources: [{path: " + docs + "}]", "tokenizer: " + tokenizer,
                "output: " + dir.resolve(name), "model: {preset: tiny, d_model: 32, n_layers: 2, n_heads: 4, d_ff: 64, max_positions: 32, dropout: 0.1}",
                "seq_len: 32", "batch_size: 8", "val_fraction: 0.1", "eval_sequences: 16", "sample_texts: ['the cat sat on the [MASK].']",
                "train: {steps: " + steps + ", lr: 0.003, warmup_steps: 0, decay: constant, eval_every: 20, checkpoint_every: 20, seed: 3}", ""));
        return cfg;
    }

    @Test void pretrainsValidatesCheckpointsAndResumesExactly() throws Exception {
        CliRun r = CliRun.run("", "pretrain", "--config", config("whole", 40).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("val MLM loss") && r.out().contains("accuracy"), r.out());
        List<JsonNode> evals = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("whole/metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (n.path("type").asText().equals("eval")) evals.add(n);
        }
        assertEquals(2, evals.size());
        JsonNode last = evals.getLast();
        assertTrue(last.path("val_accuracy").asDouble() > 0.1, "chance is about 1 %: " + last);
        assertTrue(last.path("val_loss").asDouble() < Math.log(120) - 1, "barely learnt: " + last);
        assertEquals(Math.exp(last.path("val_loss").asDouble()), last.path("val_perplexity").asDouble(), 1e-9);
        assertTrue(Files.readString(dir.resolve("whole/report.html")).contains("Masked-token prediction"));

        Path ckpt = dir.resolve("whole/checkpoints/step-000040");
        JsonNode cfg = JSON.readTree(ckpt.resolve("config.json").toFile());
        assertEquals("BertForMaskedLM", cfg.path("architectures").get(0).asText());
        assertTrue(Files.isRegularFile(ckpt.resolve("tokenizer.json")));
        CliRun fill = CliRun.run("", "fill-mask", "--model", ckpt.toString(), "--text", "the dog sat on the [MASK].", "--top-k", "3");
        assertEquals(0, fill.code(), fill.err());
        assertEquals(3, fill.out().lines().count(), fill.out());

        assertEquals(0, CliRun.run("", "pretrain", "--config", config("split", 20).toString()).code());
        CliRun resumed = CliRun.run("", "pretrain", "--resume", "--config", config("split", 40).toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(Files.readAllBytes(ckpt.resolve("model.safetensors")),
                Files.readAllBytes(dir.resolve("split/checkpoints/step-000040/model.safetensors")), "resume drew other masks or dropout");
    }

    @Test void objectiveAndTokenizerMistakesAreClearErrors() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "objective: xlm\ndata: x\n");
        CliRun r = CliRun.run("", "pretrain", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("clm") && r.err().contains("mlm"), r.err());
        Files.writeString(cfg, "objective: mlm\nsources: [{path: " + docs + "}]\ntokenizer: " + tokenizer + "\nseq_len: 4096\n");
        r = CliRun.run("", "pretrain", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("max_positions"), r.err());
        Files.writeString(cfg, "objective: mlm\nsources: [{path: " + docs + "}]\ntokenizer: " + tokenizer + "\nsample_texts: [no mask]\n");
        r = CliRun.run("", "pretrain", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("[MASK]"), r.err());
        Path shards = TinyRun.shards(dir.resolve("shards"));
        Files.writeString(cfg, "objective: clm\ndata: " + shards + "\noutput: " + dir.resolve("clm")
                + "\nmodel: {preset: tiny, max_seq_len: 16}\nbatch_size: 2\ntrain: {steps: 1, warmup_steps: 0, eval_every: 0}\n");
        r = CliRun.run("", "pretrain", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
    }
}
