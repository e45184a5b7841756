package llmforge.train.ppo;

import llmforge.data.ConfigLoader;
import llmforge.train.StopSignal;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toy task with a known reward (occurrences of token 5 in an 8-token answer; a random policy over 16 tokens
 * scores ≈ 0.5): PPO, GRPO and RLOO must each clearly raise the held-out greedy score and the rollout reward.
 */
class ToyTaskLearningTest {
    static final String BASE = """
            algorithm: %s
            model: {preset: tiny, d_model: 32, n_layers: 2, n_heads: 4, max_seq_len: 16}
            toy: {vocab_size: 16, token: 5, prompt_length: 4, prompt_count: 32}
            output: %s
            prompts_per_iteration: %d
            samples_per_prompt: %d
            max_new_tokens: 8
            kl_beta: 0.01
            ppo_epochs: 2
            mini_batch: 8
            hacking_window: 4
            train: {steps: %d, lr: 0.01, warmup_steps: 0, decay: constant, weight_decay: 0.0, eval_every: 0, checkpoint_every: %d, seed: 7}
            """;

    static PpoConfig config(Path dir, String algorithm, int iterations, int checkpointEvery) throws Exception {
        boolean ppo = algorithm.equals("ppo");
        Path file = dir.resolve("ppo.yaml");
        Files.writeString(file, BASE.formatted(algorithm, dir.resolve("run"), ppo ? 16 : 4, ppo ? 1 : 4, iterations, checkpointEvery));
        return ConfigLoader.load(file, PpoConfig.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppo", "grpo", "rloo"})
    void learnsToEmitTheRewardedToken(String algorithm, @TempDir Path dir) throws Exception {
        PpoConfig cfg = config(dir, algorithm, 20, 0);
        PpoSetup setup = RlTraining.toySetup(cfg, null, null);
        PpoTrainer t = new PpoTrainer(cfg, setup, dir.resolve("run"), null, new PrintStream(new ByteArrayOutputStream()));
        double before = t.evaluate().get("eval_gold");
        try (StopSignal stop = StopSignal.install()) {
            t.run(false, stop);
        }
        List<double[]> eval = t.metrics().series("eval", "eval_gold"), reward = t.metrics().series("train", "reward");
        double after = eval.getLast()[1];
        double firstRewards = (reward.get(0)[1] + reward.get(1)[1] + reward.get(2)[1]) / 3;
        double lastRewards = (reward.get(17)[1] + reward.get(18)[1] + reward.get(19)[1]) / 3;
        assertTrue(after >= before + 2.5, algorithm + ": held-out greedy score " + before + " -> " + after);
        assertTrue(lastRewards >= firstRewards + 2, algorithm + ": rollout reward " + firstRewards + " -> " + lastRewards);
        assertTrue(t.metrics().series("train", "kl").getLast()[1] > 0, "the policy moved away from the reference");
        assertEquals(20, t.metrics().series("train", "entropy").size());
    }
}
