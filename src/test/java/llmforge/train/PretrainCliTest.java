package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.Main;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.nn.SequenceLayout;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PretrainCliTest {
    @TempDir Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void unknownConfigKeysAreErrorsListingTheValidOnes() throws Exception {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "data: " + shards + "\ntrain:\n  stepz: 10\n");
        Run r = cli("pretrain", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'train.stepz'") && r.err().contains("micro_batches") && r.err().contains("steps"), r.err());

        Files.writeString(cfg, "data: " + shards + "\nbatchsize: 4\n");
        r = cli("pretrain", "--config", cfg.toString());
        assertTrue(r.err().contains("'batchsize'") && r.err().contains("batch_size") && r.err().contains("document_masks"), r.err());
    }

    @Test
    void missingShardsAndMismatchedCheckpointsAreClearErrors() throws Exception {
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, "data: " + tmp.resolve("nowhere") + "\n");
        Run r = cli("pretrain", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("manifest.json missing"), r.err());

        // a checkpoint of a 2-layer model resumed with a config asking for 3 layers: refused, nothing overwritten
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        String common = "data: " + shards + "\noutput: " + tmp.resolve("run") + "\nbatch_size: 2\nseq_len: 12\n"
                + "train: {steps: 2, warmup_steps: 0, eval_every: 0, checkpoint_every: 0}\n";
        Files.writeString(cfg, common + "model: {preset: tiny, n_layers: 2, d_model: 32, n_heads: 4, max_seq_len: 16}\n");
        assertEquals(0, cli("pretrain", "--config", cfg.toString()).code());
        Path ck = tmp.resolve("run/checkpoints/step-000002/model.safetensors");
        byte[] before = Files.readAllBytes(ck);
        Files.writeString(cfg, common.replace("steps: 2", "steps: 4") + "model: {preset: tiny, n_layers: 3, d_model: 32, n_heads: 4, max_seq_len: 16}\n");
        r = cli("pretrain", "--config", cfg.toString(), "--resume");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not match"), r.err());
        assertArrayEquals(before, Files.readAllBytes(ck));
    }

    /** train.recompute_activations trades compute for memory and nothing else: the same weights, bit for bit. */
    @Test
    void recomputedActivationsTrainBitIdentically() throws Exception {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        byte[][] weights = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Path cfg = tmp.resolve("r" + i + ".yaml"), out = tmp.resolve("run" + i);
            Files.writeString(cfg, "data: " + shards + "\noutput: " + out + "\nbatch_size: 2\nseq_len: 12\n"
                    + "model: {preset: tiny, n_layers: 2, d_model: 32, n_heads: 4, max_seq_len: 16, dropout: 0.1}\n"
                    + "train: {steps: 3, micro_batches: 2, warmup_steps: 0, eval_every: 0, checkpoint_every: 0, recompute_activations: " + (i == 1) + "}\n");
            Run r = cli("pretrain", "--config", cfg.toString());
            assertEquals(0, r.code(), r.err());
            weights[i] = Files.readAllBytes(out.resolve("checkpoints/step-000003/model.safetensors"));
            assertTrue(Files.readString(out.resolve("report.html")).matches("(?s).*peak memory \\(resident, rank 0\\)</th><td>[0-9,]+ MB.*"));
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    @Test
    void evalPrintsOneJsonLineWithTheModelsLoss() throws Exception {
        List<String> texts = List.of("the cat sat on the mat", "the dog sat on the log", "a cat and a dog");
        Tokenizer tok = BpeTrainer.train(texts, new BpeTrainer.Options(280, 1, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
        Path dir = tmp.resolve("ck");
        Decoder model = new Decoder(new DecoderConfig("gpt2", tok.vocabSize(), 32, 32, 2, 4, 4, 64, true, 0f, 1e-5f, 10000, 1), 5);
        HfModelDirectory.save(model, dir, 0, 0);
        TokenizerJsonWriter.write(tok, dir.resolve("tokenizer.json"));
        Path input = tmp.resolve("in.txt");
        Files.writeString(input, "the cat sat on the log and the dog sat on the mat");

        Run r = cli("eval", "--checkpoint", dir.toString(), "--input", input.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        int[] ids = tok.encode(Files.readString(input));
        assertEquals(ids.length - 1, j.get("tokens").asLong());
        // the same number computed directly: one window, summed loss / predictions
        int n = ids.length - 1;
        double expected;
        try (var tape = llmforge.autograd.Tape.open()) {
            expected = model.loss(Arrays.copyOf(ids, n), Arrays.copyOfRange(ids, 1, n + 1), SequenceLayout.plain(1, n), n).item();
        }
        assertEquals(expected, j.get("loss").asDouble(), 1e-5);
        assertEquals(Math.exp(j.get("loss").asDouble()), j.get("perplexity").asDouble(), 1e-6 * j.get("perplexity").asDouble());
        assertTrue(Math.abs(j.get("loss").asDouble() - Math.log(tok.vocabSize())) < 0.5, "an untrained model is near ln V");
    }
}
