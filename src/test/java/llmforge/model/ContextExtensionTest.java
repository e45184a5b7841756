package llmforge.model;

import llmforge.kernels.RopeTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextExtensionTest {
    static final DecoderConfig LLAMA = new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);

    private static float[] row(float[] table, int half, int p) { return java.util.Arrays.copyOfRange(table, p * half, (p + 1) * half); }

    @Test
    void linearScalingMapsTheLongerWindowOntoTheTrainedAngles() {
        DecoderConfig x = ContextExtension.extend(LLAMA, 4, ContextExtension.Method.LINEAR);
        assertEquals(128, x.maxSeqLen());
        assertEquals(4.0, x.ropeScaling());
        assertEquals(LLAMA.ropeTheta(), x.ropeTheta());
        int d = LLAMA.headDim(), half = d / 2;
        RopeTable trained = RopeTable.of(d, LLAMA.ropeTheta(), LLAMA.ropeScaling(), 1, LLAMA.maxSeqLen());
        RopeTable stretched = RopeTable.of(d, x.ropeTheta(), x.ropeScaling(), 1, x.maxSeqLen());
        for (int p = 0; p < LLAMA.maxSeqLen(); p++) {
            assertArrayEquals(row(trained.cos(), half, p), row(stretched.cos(), half, 4 * p), "position " + p);
            assertArrayEquals(row(trained.sin(), half, p), row(stretched.sin(), half, 4 * p), "position " + p);
        }
    }

    @Test
    void ntkScalingIsTheKernelsNtkBaseAsAPlainRopeTheta() {
        DecoderConfig x = ContextExtension.extend(LLAMA, 4, ContextExtension.Method.NTK);
        assertEquals(128, x.maxSeqLen());
        assertEquals(1.0, x.ropeScaling());
        assertTrue(x.ropeTheta() > LLAMA.ropeTheta() * 4, "the base grows by 4^(d/(d-2)) > 4");
        int d = LLAMA.headDim();
        RopeTable asTheta = RopeTable.of(d, x.ropeTheta(), 1, 1, x.maxSeqLen()), kernel = RopeTable.of(d, LLAMA.ropeTheta(), 1, 4, x.maxSeqLen());
        assertArrayEquals(kernel.cos(), asTheta.cos());
        assertArrayEquals(kernel.sin(), asTheta.sin());
        // the fastest pair (i = 0) turns exactly as trained; the slowest about 4 times slower
        assertEquals(RopeTable.angle(17, 0, d, LLAMA.ropeTheta(), 1, 1), RopeTable.angle(17, 0, d, x.ropeTheta(), 1, 1));
        double slow = RopeTable.angle(17, d / 2 - 1, d, LLAMA.ropeTheta(), 1, 1) / RopeTable.angle(17, d / 2 - 1, d, x.ropeTheta(), 1, 1);
        assertEquals(4, slow, 1e-9);
    }

    @Test
    void learnedPositionsAndNonExtensionsAreRefused() {
        DecoderConfig gpt2 = new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> ContextExtension.extend(gpt2, 2, ContextExtension.Method.LINEAR));
        assertTrue(e.getMessage().contains("learned positions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ContextExtension.withWindow(gpt2, 64));
        assertThrows(IllegalArgumentException.class, () -> ContextExtension.extend(LLAMA, 1, ContextExtension.Method.NTK));
        assertThrows(IllegalArgumentException.class, () -> ContextExtension.Method.parse("yarn"));
        assertEquals(64, ContextExtension.withWindow(LLAMA, 64).maxSeqLen());
        assertEquals(LLAMA.ropeScaling(), ContextExtension.withWindow(LLAMA, 64).ropeScaling());
    }
}
