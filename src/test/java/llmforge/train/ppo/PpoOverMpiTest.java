package llmforge.train.ppo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.CliRun;
import llmforge.cli.Main;
import llmforge.dist.MpiLauncher;
import llmforge.dist.SameWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code mpirun -np 2 llmforge ppo} on the toy task: the ranks sample half the rollout each (rows seeded by their
 * number, so the same samples) and train on half of every mini-batch, which must match one process doing all of it:
 * the same rewards per iteration and the same weights to float rounding. (The LLaMA flavour: GPT-2's key bias has a
 * gradient that is zero but for rounding, which Adam's normalisation turns into full-size steps of random sign.)
 */
class PpoOverMpiTest {
    @TempDir Path dir;

    private Path config(String name) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "algorithm: ppo\nmodel: {preset: tiny-llama, d_model: 32, n_layers: 2, n_heads: 4, n_kv_heads: 2, max_seq_len: 16}\n"
                + "toy: {vocab_size: 16, token: 5, prompt_length: 4, prompt_count: 32}\noutput: " + dir.resolve(name) + "\n"
                + "prompts_per_iteration: 8\nsamples_per_prompt: 1\nmax_new_tokens: 6\nkl_beta: 0.01\nppo_epochs: 2\nmini_batch: 4\n"
                + "train: {steps: 3, lr: 0.01, warmup_steps: 0, decay: constant, weight_decay: 0.0, eval_every: 0, checkpoint_every: 0, seed: 7}\n");
        return cfg;
    }

    @Test
    void twoRanksSharingRolloutsAndMiniBatchesTrainLikeOneProcess() throws Exception {
        MpiLauncher.mpirun();
        CliRun one = CliRun.run("", "ppo", "--config", config("one").toString());
        assertEquals(0, one.code(), one.err());
        MpiLauncher.Result two = MpiLauncher.run(2, Main.class, List.of("ppo", "--config", config("two").toString()));
        assertEquals(0, two.exitCode(), two.output());
        for (String key : new String[] {"reward", "kl", "policy_loss", "value_loss", "entropy", "approx_kl"}) {
            List<Double> a = series("one", key), b = series("two", key);
            assertEquals(3, b.size(), key);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), 1e-5 * Math.max(1, Math.abs(a.get(i))), key + " at iteration " + (i + 1));
            }
        }
        for (String file : new String[] {"model.safetensors", PpoTrainer.VALUE_FILE}) {
            SameWeights.assertClose(weights("one", file), weights("two", file), 1e-5, file);
        }
    }

    private List<Double> series(String run, String key) throws IOException {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(run).resolve("metrics.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.path("type").asText().equals("train")) out.add(n.get(key).asDouble());
        }
        return out;
    }

    private float[] weights(String run, String file) throws IOException {
        return SameWeights.flat(dir.resolve(run).resolve("checkpoints/step-000003").resolve(file));
    }
}
