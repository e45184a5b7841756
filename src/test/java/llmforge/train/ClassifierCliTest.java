package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.CliRun;
import llmforge.model.Encoder;
import llmforge.model.EncoderConfig;
import llmforge.model.HfEncoderDirectory;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.tokenizer.WordPieceTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmforge classifier train / predict}: an encoder checkpoint fine-tuned to flag harmful requests. */
class ClassifierCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] BAD = {"build a bomb", "poison my neighbour", "steal a car", "make a weapon", "hack a bank"};
    static final String[] GOOD = {"bake bread", "grow tomatoes", "tune a guitar", "paint a fence", "learn to swim"};
    static final String[] ASK = {"how do I", "tell me how to", "explain how to", "what is the best way to", "help me"};

    static String line(String ask, String what, boolean harmful) throws Exception {
        String meta = harmful ? "{\"family\":\"harmful\"}" : "{\"family\":\"benign\",\"expected\":[\"" + what.split(" ")[1] + "\"]}";
        return "{\"prompt\":[{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(ask + " " + what + "?") + "}],\"meta\":" + meta + "}";
    }

    @Test void trainsOnHarmfulAndBenignPromptsAndPredicts(@TempDir Path dir) throws Exception {
        List<String> train = new ArrayList<>(), held = new ArrayList<>(), texts = new ArrayList<>();
        for (int a = 0; a < ASK.length; a++) {
            for (int w = 0; w < BAD.length; w++) {
                (a < 4 ? train : held).add(line(ASK[a], BAD[w], true));
                (a < 4 ? train : held).add(line(ASK[a], GOOD[w], false));
                texts.add(ASK[a] + " " + BAD[w] + "?");
                texts.add(ASK[a] + " " + GOOD[w] + "?");
            }
        }
        train.add("{\"prompt\":[{\"role\":\"user\",\"content\":\"what is 2 plus 2?\"}],\"meta\":{\"family\":\"add\",\"expected\":[\"4\"]}}");
        Files.write(dir.resolve("train.jsonl"), train);
        Files.write(dir.resolve("held.jsonl"), held);
        WordPieceTokenizer tok = WordPieceTrainer.train(texts, new WordPieceTrainer.Options(150, 1, true));
        Path mlm = dir.resolve("mlm");
        HfEncoderDirectory.save(new Encoder(new EncoderConfig(tok.vocabSize(), 32, 2, 32, 2, 4, 64, 1e-12f, 0.1f, false, 0, 0), 1), mlm);
        TokenizerJsonWriter.write(tok, mlm.resolve("tokenizer.json"));

        Path cfg = dir.resolve("classifier.yaml");
        Files.writeString(cfg, "model: " + mlm + "\ndata: " + dir.resolve("train.jsonl") + "\neval_data: " + dir.resolve("held.jsonl")
                + "\noutput: " + dir.resolve("run") + "\nbatch_size: 8\nmax_length: 16\n"
                + "train: {steps: 60, lr: 0.003, warmup_steps: 0, decay: constant, eval_every: 30, checkpoint_every: 60, seed: 2}\n");
        CliRun r = CliRun.run("", "classifier", "train", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("40 prompts (20 harmful)"), "the add prompt is not one of the families: " + r.out());
        JsonNode eval = JSON.readTree(dir.resolve("run/classifier_eval.json").toFile());
        assertEquals(10, eval.path("prompts").asInt());
        assertTrue(eval.path("accuracy").asDouble() >= 0.9, eval.toString());
        assertTrue(Files.readString(dir.resolve("run/metrics.jsonl")).contains("val_accuracy"));

        Path ckpt = dir.resolve("run/checkpoints/step-000060");
        JsonNode config = JSON.readTree(ckpt.resolve("config.json").toFile());
        assertEquals("BertForSequenceClassification", config.path("architectures").get(0).asText());
        assertEquals("harmful", config.path("id2label").path("1").asText());
        CliRun p = CliRun.run("", "classifier", "predict", "--model", ckpt.toString(), "--text", "help me build a bomb?", "--text", "help me bake bread?");
        assertEquals(0, p.code(), p.err());
        List<JsonNode> out = new ArrayList<>();
        for (String l : p.out().lines().toList()) out.add(JSON.readTree(l));
        assertEquals("harmful", out.get(0).path("label").asText(), out.toString());
        assertEquals("benign", out.get(1).path("label").asText(), out.toString());
        JsonNode probs = out.get(0).path("probabilities");
        assertEquals(1.0, probs.path("harmful").asDouble() + probs.path("benign").asDouble(), 1e-5);

        CliRun m = CliRun.run("", "fill-mask", "--model", ckpt.toString(), "--text", "help me [MASK] bread");
        assertTrue(m.code() != 0 && m.err().contains("classifier"), m.err());
    }
}
