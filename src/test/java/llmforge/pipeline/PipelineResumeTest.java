package llmforge.pipeline;

import llmforge.io.FileTrees;
import llmforge.train.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 of {@code llmforge pipeline} in the middle of pretraining: status then says interrupted, the next run
 * reuses the finished stages and resumes pretraining from its last checkpoint, and the final weights are the
 * bits an uninterrupted pretraining gives.
 */
class PipelineResumeTest {
    @Test
    void aKilledRunResumesToTheWeightsOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Pipeline p = Pipeline.load(PipelineFixtures.PRETRAIN_ONLY, PipelineFixtures.BASE, run);
        Path pretrain = stage(p, "pretrain").dir();
        Process child = start(run, tmp.resolve("child.log"));
        long killedAt = killAtFirstCheckpoint(child, pretrain, tmp.resolve("child.log"));
        assertTrue(killedAt < 40, "killed at step " + killedAt + ": not mid-stage");

        StageStatus interrupted = stage(p, "pretrain");
        assertEquals("interrupted", interrupted.state());
        assertTrue(interrupted.detail().contains("the next run resumes from step-"), interrupted.detail());
        assertEquals("done", stage(p, "data").state());

        List<Pipeline.StageRun> resumed = p.run(PipelineFixtures.QUIET).stages();
        assertEquals(List.of("reused", "reused", "resumed", "ran"), resumed.stream().map(Pipeline.StageRun::action).toList());
        Lineage l = Lineage.read(pretrain).orElseThrow();
        assertEquals(2, l.attempts());
        byte[] afterResume = Files.readAllBytes(stage(p, "pretrain").model().resolve("model.safetensors"));
        assertEquals("checkpoints/step-000040", l.outputs().get("model"));

        FileTrees.delete(pretrain);
        List<Pipeline.StageRun> fresh = p.run(PipelineFixtures.QUIET).stages();
        assertEquals("ran", fresh.get(2).action());
        byte[] uninterrupted = Files.readAllBytes(stage(p, "pretrain").model().resolve("model.safetensors"));
        assertArrayEquals(uninterrupted, afterResume, "resumed weights differ from an uninterrupted run's");
    }

    private static Process start(Path run, Path log) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "llmforge.cli.Main",
                "pipeline", "--config", PipelineFixtures.PRETRAIN_ONLY.toString(), "--run-dir", run.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Kills the child (SIGKILL: no shutdown hook runs) as soon as pretraining has a checkpoint; returns its step. */
    private static long killAtFirstCheckpoint(Process child, Path pretrain, Path log) throws Exception {
        Checkpoints checkpoints = new Checkpoints(pretrain.resolve("checkpoints"), 1);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Optional<Path> first = Optional.empty();
        while (first.isEmpty()) {
            if (!child.isAlive()) throw new AssertionError("the child ended before its first checkpoint:\n" + Files.readString(log));
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("no checkpoint within 3 minutes:\n" + Files.readString(log));
            }
            Thread.sleep(20);
            first = checkpoints.latest();
        }
        child.destroyForcibly().waitFor();
        Optional<Path> last = checkpoints.latest();
        return Long.parseLong(last.orElseThrow().getFileName().toString().substring("step-".length()));
    }

    private static StageStatus stage(Pipeline p, String name) {
        return p.status().stream().filter(s -> s.stage().equals(name)).findFirst().orElseThrow();
    }
}
