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

/**
 * Two MPI ranks with micro-batch B train like one process with two micro-batches of B. Comparisons between
 * processes allow float rounding: the vector math kernels (exp, log, tanh) give results that differ in the last bit
 * between the JIT's intrinsics and the interpreter, so two JVMs at different warm-up agree to ~1e-7 rather than
 * bit for bit. Within one run the ranks must agree exactly: they apply the same summed gradients.
 */
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
        assertArrayEquals(twoRanks, read(dir.resolve("mpi.bin.rank1")), "rank 1's weights differ from rank 0's");
    }

    private static void assertSameWeights(float[] want, float[] got, String what) { SameWeights.assertClose(want, got, 1e-6, what); }

    private static long lastFirstStep;

    private static float[] single(String mode, String... extra) throws IOException {
        Path out = dir.resolve("single-" + mode + ".bin");
        Map<String, String> a = new java.util.LinkedHashMap<>(Map.of("steps", String.valueOf(STEPS), "out", out.toString(), "mode", mode));
        for (String e : extra) a.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        lastFirstStep = DataParallelRun.run(DataParallel.single(), a);
        return read(out);
    }

    @Test
    void twoRanksMatchOneProcessWithTwoMicroBatches() throws Exception {
        float[] mpi = twoRanks;
        // the exact reduction order of two ranks (g0 + g1 once per step)
        assertSameWeights(single("separate"), mpi, "separate gradients summed once");
        // a trainer's accumulation in the grad buffers (rounds differently)
        assertSameWeights(single("accumulate"), mpi, "accumulated micro-batches");
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
        assertArrayEquals(read(out), read(dir.resolve("overlap.bin.rank1")));
        assertSameWeights(twoRanks, read(out), "overlapped reduction + recomputation");
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
        assertEquals(2, lastFirstStep, "the checkpoint of step 1 holds the data position of step 2");
        assertSameWeights(twoRanks, resumed, "resumed on one process");
    }

    private static float[] read(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
        float[] f = new float[b.remaining() / 4];
        for (int i = 0; i < f.length; i++) f[i] = b.getFloat();
        return f;
    }
}
