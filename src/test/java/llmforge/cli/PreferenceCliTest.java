package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.model.HfModelDirectory;
import llmforge.model.RewardModel;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.train.PrefFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llmforge reward train / reward score / dpo end to end on a tiny model and a handful of records. */
class PreferenceCliTest {
    @TempDir static Path dir;
    static Path modelDir;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll static void setUp() throws Exception {
        Tokenizer tok = PrefFixtures.tokenizer();
        modelDir = dir.resolve("init");
        HfModelDirectory.save(PrefFixtures.decoder("gpt2", tok.vocabSize(), 2), modelDir, 0, 0);
        TokenizerJsonWriter.write(tok, modelDir.resolve("tokenizer.json"));
        StringBuilder rankings = new StringBuilder(), pairs = new StringBuilder(), prompts = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String q = "{\"role\":\"user\",\"content\":\"what is " + i + " plus 3?\"}";
            String meta = "{\"family\":\"add\",\"lang\":\"en\",\"item\":\"add:" + i + "+3\",\"expected\":[\"" + (i + 3)
                    + "\"],\"wrong\":[],\"format\":{\"kind\":\"free\"},\"length_budget\":6}";
            String good = "the answer is " + (i + 3) + ".", bad = "the answer is " + (i + 4) + ".", evade = "sorry I cannot help with that.";
            rankings.append("{\"prompt\":[").append(q).append("],\"responses\":[\"").append(evade).append("\",\"").append(good)
                    .append("\",\"").append(bad).append("\"],\"ranking\":[1,2,0],\"meta\":").append(meta).append("}\n");
            pairs.append("{\"prompt\":[").append(q).append("],\"chosen\":\"").append(good).append("\",\"rejected\":\"").append(bad)
                    .append("\",\"meta\":").append(meta).append("}\n");
            if (i < 2) prompts.append("{\"prompt\":[").append(q).append("],\"meta\":").append(meta).append("}\n");
        }
        Files.writeString(dir.resolve("rankings.jsonl"), rankings);
        Files.writeString(dir.resolve("pairs.jsonl"), pairs);
        Files.writeString(dir.resolve("prompts.jsonl"), prompts);
    }

    @Test void rewardTrainThenScore() throws Exception {
        Path cfg = dir.resolve("reward.yaml"), out = dir.resolve("reward");
        Files.writeString(cfg, "model: " + modelDir + "\ndata: " + dir.resolve("rankings.jsonl") + "\noutput: " + out
                + "\neval_fraction: 0.25\nbatch_size: 2\ntrain: {steps: 3, warmup_steps: 0, lr: 0.001, eval_every: 0, checkpoint_every: 0, seed: 5}\n");
        CliRun r = run("reward", "train", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("held-out pairwise accuracy"), r.out());
        JsonNode eval = JSON.readTree(out.resolve("reward_eval.json").toFile());
        assertTrue(eval.path("overall").path("pairs").asInt() > 0);
        assertTrue(Files.isRegularFile(out.resolve("model/reward_stats.json")));
        assertTrue(Files.readString(out.resolve("metrics.jsonl")).contains("\"accuracy\""));
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Held-out pairwise accuracy"));
        for (String chart : new String[] {"Held-out accuracy by family", "Pairwise accuracy", "Reliability of"}) {
            assertTrue(report.contains("alt=\"" + chart), "report lacks the chart " + chart);
        }

        Path scored = dir.resolve("scored.jsonl");
        CliRun s = run("reward", "score", "--model", out.resolve("model").toString(), "--input", dir.resolve("rankings.jsonl").toString(),
                "--output", scored.toString());
        assertEquals(0, s.code(), s.err());
        JsonNode summary = JSON.readTree(s.out());
        assertEquals(36, summary.path("pairs").asInt());
        List<String> lines = Files.readAllLines(scored);
        assertEquals(12, lines.size());
        JsonNode first = JSON.readTree(lines.getFirst());
        RewardModel rm = RewardModel.load(out.resolve("model"));
        assertEquals(3, first.path("rewards").size());
        assertTrue(Double.isFinite(first.path("rewards").get(0).asDouble()));
        assertTrue(rm.stats() != null);
    }

    @Test void rewardTrainOnItsOwnAnswersRankedByTheConstitution() throws Exception {
        Path cfg = dir.resolve("reward-ai.yaml"), out = dir.resolve("reward-ai");
        Files.writeString(cfg, "model: " + modelDir + "\ndata: " + dir.resolve("rankings.jsonl") + "\noutput: " + out
                + "\nrankings: both\nai_feedback: {samples: 4, max_new_tokens: 6, constitution: examples/constitution.yaml}"
                + "\neval_fraction: 0.25\nbatch_size: 2\ntrain: {steps: 2, warmup_steps: 0, lr: 0.001, eval_every: 0, checkpoint_every: 0, seed: 5}\n");
        CliRun r = run("reward", "train", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("AI feedback: trained on ") && r.out().contains("rankings of the model's own answers"), r.out());
        // the evaluation stays on the file's held-out rankings
        assertTrue(JSON.readTree(out.resolve("reward_eval.json").toFile()).path("overall").path("pairs").asInt() > 0);
    }

    @Test void dpoRunsWithBeforeAfterEvaluation() throws Exception {
        Path cfg = dir.resolve("dpo.yaml"), out = dir.resolve("dpo");
        Files.writeString(cfg, "model: " + modelDir + "\ndata: " + dir.resolve("pairs.jsonl") + "\neval_prompts: " + dir.resolve("prompts.jsonl")
                + "\noutput: " + out + "\nloss: ipo\nbatch_size: 2\neval_fraction: 0.2\nmax_new_tokens: 4\n"
                + "train: {steps: 2, warmup_steps: 0, lr: 0.001, eval_every: 0, checkpoint_every: 0, seed: 5}\n");
        CliRun r = run("dpo", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode eval = JSON.readTree(out.resolve("dpo_eval.json").toFile());
        assertEquals(2, eval.path("before").path("prompts").asInt());
        assertEquals(0.0, eval.path("before").path("kl_to_reference").asDouble(), 1e-3, "the starting model is its own reference");
        assertTrue(eval.path("after").path("gold_score").isNumber());
        String metrics = Files.readString(out.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("rewards/accuracy") && metrics.contains("logps/chosen"), metrics);
        assertTrue(Files.isRegularFile(out.resolve("model/model.safetensors")));
    }

    /** The memory options: a bf16 on-the-fly reference and recomputed activations in the policy. */
    @Test void dpoWithABf16ReferenceOnTheFlyAndRecomputation() throws Exception {
        Path cfg = dir.resolve("dpo-bf16.yaml"), out = dir.resolve("dpo-bf16");
        String common = "model: " + modelDir + "\ndata: " + dir.resolve("pairs.jsonl") + "\noutput: " + out + "\nbatch_size: 2\n"
                + "train: {steps: 2, warmup_steps: 0, lr: 0.001, eval_every: 0, checkpoint_every: 0, seed: 5, recompute_activations: true}\n";
        Files.writeString(cfg, common + "frozen_bf16: true\n");
        CliRun refused = run("dpo", "--config", cfg.toString());
        assertTrue(refused.code() != 0 && refused.err().contains("'frozen_bf16' needs 'reference: on_the_fly'"), refused.err());
        Files.writeString(cfg, common + "frozen_bf16: true\nreference: on_the_fly\n");
        CliRun r = run("dpo", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        String metrics = Files.readString(out.resolve("metrics.jsonl"));
        // at step 1 the policy is still the starting model, so its implicit reward is β·(its log-prob − the bf16
        // reference's): near zero, yet not exactly zero, since the reference's weights are rounded
        JsonNode first = JSON.readTree(metrics.lines().filter(l -> l.contains("\"train\"")).findFirst().orElseThrow());
        double chosen = first.path("rewards/chosen").asDouble();
        assertTrue(chosen != 0 && Math.abs(chosen) < 0.05, "implicit reward at the start: " + chosen);
        assertTrue(Files.readString(out.resolve("report.html")).contains("peak memory"));
    }

    /** reward train and dpo under mpirun -np 2 (one micro-batch per rank) step like one process running both. */
    @Test void rewardAndDpoOverTwoRanksMatchOneProcess() throws Exception {
        llmforge.dist.MpiLauncher.mpirun();
        String train = "train: {steps: 3, micro_batches: 2, warmup_steps: 0, lr: 0.001, eval_every: 3, checkpoint_every: 0, seed: 5}\n";
        String reward = "model: " + modelDir + "\ndata: " + dir.resolve("rankings.jsonl") + "\neval_fraction: 0.25\nbatch_size: 2\n" + train;
        String dpo = "model: " + modelDir + "\ndata: " + dir.resolve("pairs.jsonl") + "\nbatch_size: 2\neval_fraction: 0.2\n"
                + "reference: on_the_fly\n" + train;
        for (String[] stage : new String[][] {{"reward", "train", reward}, {"dpo", null, dpo}}) {
            List<List<Double>> losses = new java.util.ArrayList<>();
            for (int ranks = 1; ranks <= 2; ranks++) {
                Path out = dir.resolve(stage[0] + "-ranks" + ranks), cfg = dir.resolve(stage[0] + "-ranks" + ranks + ".yaml");
                Files.writeString(cfg, stage[2] + "output: " + out + "\n");
                List<String> args = new java.util.ArrayList<>(List.of(stage[0]));
                if (stage[1] != null) args.add(stage[1]);
                args.addAll(List.of("--config", cfg.toString()));
                if (ranks == 1) {
                    CliRun r = run(args.toArray(String[]::new));
                    assertEquals(0, r.code(), r.err());
                } else {
                    var r = llmforge.dist.MpiLauncher.run(2, Main.class, args);
                    assertEquals(0, r.exitCode(), r.output());
                }
                List<Double> l = new java.util.ArrayList<>();
                for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("type").asText().equals("train")) l.add(n.path("loss").asDouble());
                    if (n.path("type").asText().equals("eval")) l.add(n.path("val_loss").asDouble());
                }
                losses.add(l);
            }
            assertEquals(4, losses.get(1).size(), stage[0] + ": 3 steps and 1 evaluation");
            for (int i = 0; i < 4; i++) {
                assertEquals(losses.get(0).get(i), losses.get(1).get(i), 1e-6 * Math.abs(losses.get(0).get(i)), stage[0] + " loss " + i);
            }
        }
    }

    @Test void configMistakesNameTheKey() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "model: x\ndata: y\nbeta_typo: 0.2\n");
        CliRun r = run("dpo", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("beta_typo") && r.err().contains("label_smoothing"), r.err());
        Files.writeString(cfg, "model: x\ndata: y\nloss: kto\n");
        r = run("dpo", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("dpo, ipo or hinge"), r.err());
        Files.writeString(cfg, "model: x\ndata: y\nmargin: -1\n");
        r = run("reward", "train", "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.err().contains("'margin'"), r.err());
    }

    private static CliRun run(String... args) { return CliRun.run("", args); }
}
