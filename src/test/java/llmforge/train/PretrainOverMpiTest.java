package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.cli.CliRun;
import llmforge.cli.Main;
import llmforge.dist.MpiLauncher;
import llmforge.dist.SameWeights;
import llmforge.io.FileTrees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mpirun -np 2 llmforge pretrain} through the real command path: with {@code micro_batches: 2} each rank runs
 * one micro-batch of B rows per step, which must train like one plain process running both (weights, losses and
 * validation to 1e-6 relative: two JVMs round a few kernel results differently, see DataParallelTest). Resume
 * continues a checkpoint of either run on the other rank count.
 */
class PretrainOverMpiTest {
    static final int STEPS = 4;
    @TempDir static Path dir;
    static Path shards;

    @BeforeAll
    static void runBoth() throws Exception {
        MpiLauncher.mpirun();   // skips (or fails in CI) before any training when Open MPI is missing
        shards = TinyRun.shards(dir.resolve("shards"));
        CliRun one = CliRun.run("", "pretrain", "--config", config("one").toString());
        assertEquals(0, one.code(), one.err());
        MpiLauncher.Result two = MpiLauncher.run(2, Main.class, List.of("pretrain", "--config", config("two").toString()));
        assertEquals(0, two.exitCode(), two.output());
        // rank 0 alone prints: the summary appears once
        assertEquals(1, two.output().split("done after " + STEPS + " steps", -1).length - 1, two.output());
    }

    /** The same run for any rank count: micro_batches counts the whole step's micro-batches. */
    static Path config(String name) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "data: " + shards + "\noutput: " + dir.resolve(name) + "\nbatch_size: 2\nseq_len: 12\neval_tokens: 48\n"
                + "model: {preset: tiny, n_layers: 2, d_model: 32, n_heads: 4, max_seq_len: 16, dropout: 0.1}\n"
                + "train: {steps: " + STEPS + ", micro_batches: 2, lr: 0.003, warmup_steps: 1, eval_every: 2, checkpoint_every: 2, "
                + "keep_checkpoints: 5, seed: 11}\n");
        return cfg;
    }

    @Test
    void twoRanksTrainLikeOneProcessRunningBothMicroBatches() throws Exception {
        assertSameWeights(weights("one", STEPS), weights("two", STEPS), "after " + STEPS + " steps");
        List<Double> lossOne = series("one", "train", "loss"), lossTwo = series("two", "train", "loss");
        assertEquals(STEPS, lossTwo.size());
        for (int i = 0; i < STEPS; i++) assertEquals(lossOne.get(i), lossTwo.get(i), 1e-6 * lossOne.get(i), "loss of step " + (i + 1));
        assertEquals(series("one", "train", "tokens"), series("two", "train", "tokens"), "the step's counted tokens are global");
        List<Double> valOne = series("one", "eval", "val_loss"), valTwo = series("two", "eval", "val_loss");
        assertEquals(2, valTwo.size());
        for (int i = 0; i < 2; i++) assertEquals(valOne.get(i), valTwo.get(i), 1e-6 * valOne.get(i));
        assertTrue(Files.isRegularFile(dir.resolve("two/report.html")));
        // training moved the weights: the comparison is not between two untouched initialisations
        float[] a = weights("two", 2), b = weights("two", STEPS);
        double moved = 0;
        for (int i = 0; i < a.length; i++) moved += Math.abs(a[i] - b[i]);
        assertTrue(moved > 1e-3, "weights barely moved: " + moved);
    }

    @Test
    void aCheckpointResumesOnTheOtherRankCount() throws Exception {
        // each run as if killed after its step-2 checkpoint: the later checkpoint is gone
        Path fromTwo = crashedCopy("two", "two-then-one"), fromOne = crashedCopy("one", "one-then-two");
        CliRun one = CliRun.run("", "pretrain", "--config", configFor(fromTwo).toString(), "--resume");
        assertEquals(0, one.code(), one.err());
        assertSameWeights(weights("two", STEPS), weights("two-then-one", STEPS), "2 ranks, resumed on 1");
        MpiLauncher.Result two = MpiLauncher.run(2, Main.class, List.of("pretrain", "--config", configFor(fromOne).toString(), "--resume"));
        assertEquals(0, two.exitCode(), two.output());
        assertTrue(two.output().contains("at step 2 on 2 ranks"), two.output());
        assertSameWeights(weights("one", STEPS), weights("one-then-two", STEPS), "1 rank, resumed on 2");
    }

    private static Path crashedCopy(String run, String copy) throws IOException {
        Path from = dir.resolve(run), to = dir.resolve(copy);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        FileTrees.delete(to.resolve("checkpoints/" + Checkpoints.name(STEPS)));
        return to;
    }

    private static Path configFor(Path run) throws IOException {
        Path cfg = dir.resolve(run.getFileName() + ".yaml");
        Files.writeString(cfg, Files.readString(config("one")).replace("output: " + dir.resolve("one"), "output: " + run));
        return cfg;
    }

    private static float[] weights(String run, int step) throws IOException {
        return SameWeights.flat(dir.resolve(run).resolve("checkpoints").resolve(Checkpoints.name(step)).resolve("model.safetensors"));
    }

    private static void assertSameWeights(float[] want, float[] got, String what) { SameWeights.assertClose(want, got, 1e-6, what); }

    private static List<Double> series(String run, String type, String key) throws IOException {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(run).resolve("metrics.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.path("type").asText().equals(type)) out.add(n.get(key).asDouble());
        }
        return out;
    }
}
