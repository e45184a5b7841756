package llmforge.dist;

import llmforge.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparing weights trained by different processes, which round a few kernel results differently. */
public final class SameWeights {
    private SameWeights() {}

    /** Normwise relative difference below {@code tolerance}, so a last-bit difference in a near-zero weight does not dominate. */
    public static void assertClose(float[] want, float[] got, double tolerance, String what) {
        assertEquals(want.length, got.length, what);
        double diff = 0, norm = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (want[i] - (double) got[i]) * (want[i] - (double) got[i]);
            norm += (double) want[i] * want[i];
        }
        assertTrue(Math.sqrt(diff / norm) < tolerance, what + ": relative difference of the weights " + Math.sqrt(diff / norm));
    }

    /** Every tensor of a safetensors file, in name order, as one array. */
    public static float[] flat(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(file);
        java.util.List<float[]> parts = new java.util.ArrayList<>();
        int n = 0;
        for (String name : f.entries().keySet().stream().sorted().toList()) {
            float[] v = f.tensor(name).toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
