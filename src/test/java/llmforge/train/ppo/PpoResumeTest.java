package llmforge.train.ppo;

import llmforge.autograd.Parameter;
import llmforge.train.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run stopped after a checkpoint and resumed matches the uninterrupted run: weights, β, rollout metrics. */
class PpoResumeTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static PpoTrainer trainer(Path dir, int iterations) throws Exception {
        PpoConfig cfg = ToyTaskLearningTest.config(dir, "ppo", iterations, 2);
        return new PpoTrainer(cfg, RlTraining.toySetup(cfg, null, null), dir.resolve("run"), null, QUIET);
    }

    @Test
    void resumeContinuesTheSameRun(@TempDir Path a, @TempDir Path b) throws Exception {
        PpoTrainer whole = trainer(a, 4);
        try (StopSignal stop = StopSignal.install()) {
            whole.run(false, stop);
        }
        PpoTrainer first = trainer(b, 2);
        try (StopSignal stop = StopSignal.install()) {
            first.run(false, stop);
        }
        assertTrue(Files.isRegularFile(b.resolve("run/checkpoints/step-000002/" + PpoTrainer.VALUE_FILE)));
        PpoTrainer second = trainer(b, 4);
        try (StopSignal stop = StopSignal.install()) {
            second.run(true, stop);
        }
        assertEquals(whole.beta(), second.beta());
        List<double[]> rw = whole.metrics().series("train", "reward"), rr = second.metrics().series("train", "reward");
        assertEquals(4, rr.size(), "the resumed log holds all four iterations");
        for (int i = 0; i < 4; i++) assertEquals(rw.get(i)[1], rr.get(i)[1], 1e-9, "reward of iteration " + (i + 1));
        List<double[]> kw = whole.metrics().series("train", "kl"), kr = second.metrics().series("train", "kl");
        assertEquals(kw.getLast()[1], kr.getLast()[1], 1e-4);
        Path end = Path.of("run/checkpoints/step-000004");
        for (String file : List.of("model.safetensors", PpoTrainer.VALUE_FILE)) {
            assertArrayEquals(Files.readAllBytes(a.resolve(end).resolve(file)), Files.readAllBytes(b.resolve(end).resolve(file)),
                    file + ": the resumed run must end with the uninterrupted run's weights, bit for bit");
        }
    }
}
