package llmforge.kernels;

/**
 * Precomputed rotary-embedding angles for positions [0, positions): cos and sin of {@code pos' * invFreq[i]}
 * for i in [0, headDim/2), computed in double, stored (positions, headDim/2) row-major. HF LLaMA frequencies
 * {@code invFreq[i] = base'^(-2i/headDim)}, with optional linear position scaling {@code pos' = pos / linear}
 * and NTK-aware base scaling {@code base' = base * ntk^(headDim / (headDim - 2))} (1 = off for both).
 */
public record RopeTable(int headDim, int positions, float[] cos, float[] sin) {

    public static RopeTable of(int headDim, double base, double linear, double ntk, int positions) {
        if (headDim <= 0 || headDim % 2 != 0) throw new IllegalArgumentException("rope head dim must be even and > 0, got " + headDim);
        if (!(base > 1) || !(linear > 0) || !(ntk > 0)) {
            throw new IllegalArgumentException("rope needs base > 1, linear > 0, ntk > 0; got " + base + ", " + linear + ", " + ntk);
        }
        int half = headDim / 2;
        float[] cos = new float[positions * half], sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double a = angle(p, i, headDim, base, linear, ntk);
                cos[p * half + i] = (float) Math.cos(a);
                sin[p * half + i] = (float) Math.sin(a);
            }
        }
        return new RopeTable(headDim, positions, cos, sin);
    }

    /** The rotation angle of pair i at position p. */
    public static double angle(int p, int i, int headDim, double base, double linear, double ntk) {
        double b = ntk == 1 ? base : base * Math.pow(ntk, headDim / (headDim - 2.0));
        return (p / linear) * Math.pow(b, -2.0 * i / headDim);
    }
}
