package llmforge.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two MPI ranks with micro-batch B train exactly like one process with two micro-batches of B. */
class DataParallelTest {
    static final int STEPS = 4;
    @TempDir static Path dir;
    private static float[] twoRanks;

    /** One uninterrupted 2-rank run, shared by the tests (each mpirun costs two JVM start-ups). */
    @BeforeAll
    static void runTwoRanks() throws Exception {
        Path out = dir.resolve("mpi.bin");
        MpiLauncher.Result r = MpiLauncher.run(2, DataParallelRun.class, List.of("steps=" + STEPS, "out=" + out));
        assertEquals(0, r.exitCode(), r.output());
        twoRanks = read(out);
    }

    private static float[] single(String mode, String... extra) throws IOException {
        Path out = dir.resolve("single-" + mode + ".bin");
        Map<String, String> a = new java.util.LinkedHashMap<>(Map.of("steps", String.valueOf(STEPS), "out", out.toString(), "mode", mode));
        for (String e : extra) a.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        DataParallelRun.run(DataParallel.single(), a);
        return read(out);
    }

    @Test
    void twoRanksMatchOneProcessWithTwoMicroBatches() throws Exception {
        float[] mpi = twoRanks;
        // the exact reduction order of two ranks (g0 + g1 once per step): bit-identical
        assertArrayEquals(single("separate"), mpi);
        // a trainer's accumulation in the grad buffers rounds differently: equal to float precision
        float[] acc = single("accumulate");
        double diff = 0, norm = 0;
        for (int i = 0; i < acc.length; i++) {
            diff += (acc[i] - (double) mpi[i]) * (acc[i] - (double) mpi[i]);
            norm += (double) acc[i] * acc[i];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-6, "relative difference of the weights " + Math.sqrt(diff / norm));
        // and training did move the weights away from the (broadcast) initialisation
        float[] untrained = single("separate", "steps=0");
        assertNotEquals(untrained[0], mpi[0]);
    }

    @Test
    void reductionOverlappedWithBackwardAndRecomputedActivationsChangeNoBit() throws Exception {
        Path out = dir.resolve("overlap.bin");
        MpiLauncher.Result r = MpiLauncher.run(2, DataParallelRun.class,
                List.of("steps=" + STEPS, "out=" + out, "mode=overlap", "recompute=true"));
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(twoRanks, read(out));
    }

    @Test
    void runKilledOnOneRankResumesFromItsCheckpointWithAnotherRankCount() throws Exception {
        Path ckpt = dir.resolve("ckpt.safetensors");
        MpiLauncher.Result crashed = MpiLauncher.run(2, DataParallelRun.class,
                List.of("steps=" + STEPS, "out=" + dir.resolve("never.bin"), "ckpt=" + ckpt, "halt-after=1"));
        assertNotEquals(0, crashed.exitCode(), "rank 1 halted, so mpirun must report failure:\n" + crashed.output());
        assertTrue(Files.exists(ckpt) && !Files.exists(dir.resolve("never.bin")), crashed.output());
        // resume the 2-rank run's checkpoint (data position: step 2) on ONE process
        float[] resumed = single("separate", "resume=" + ckpt);
        assertArrayEquals(twoRanks, resumed);
    }

    private static float[] read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
        float[] f = new float[b.remaining() / 4];
        for (int i = 0; i < f.length; i++) f[i] = b.getFloat();
        return f;
    }
}
