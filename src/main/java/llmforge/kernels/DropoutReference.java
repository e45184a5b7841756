package llmforge.kernels;

/** Scalar double twin of {@link Dropout} (the mask comes from the same hash; the arithmetic is in double). */
public final class DropoutReference {
    private DropoutReference() {}

    public static double[] forward(double[] x, double p, long seed) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Dropout.kept(seed, i, (float) p) ? x[i] / (1 - p) : 0;
        return y;
    }
}
