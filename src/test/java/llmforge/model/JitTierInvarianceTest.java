package llmforge.model;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same seed gives the same bits whatever the JIT has done: a few training steps of both decoder flavours,
 * run here (repeatedly, so the optimising compiler takes over the kernels) and in a JVM limited to the
 * first-tier compiler, must end with identical weights.
 */
class JitTierInvarianceTest {
    /** Entry point of the child JVM: prints one digest line per flavour. */
    public static void main(String[] args) {
        for (String arch : new String[] {"gpt2", "llama"}) System.out.println(arch + " " + digest(arch));
    }

    static String digest(String arch) {
        float[][] r = DecoderTrainingTest.train(DecoderTrainingTest.small(arch), 4);
        return Integer.toHexString(java.util.Arrays.hashCode(r[1])) + ":" + Float.floatToRawIntBits(r[0][1]);
    }

    @Test
    void trainingBitsDoNotDependOnTheJitTier() throws IOException, InterruptedException {
        // first-tier compiler only (the Vector API's Java fallbacks) vs the optimising compiler from the start
        String c1 = run("-XX:TieredStopAtLevel=1");
        String c2 = run("-XX:-TieredCompilation", "-XX:CompileThreshold=100", "-Xbatch");
        assertEquals(c1, c2, "first-tier-only run vs C2 run");
        assertEquals(2, c1.lines().count(), c1);
    }

    private static String run(String... jitFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(jitFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitTierInvarianceTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), "child JVM " + jitFlags[0] + " failed");
        return out;
    }
}
