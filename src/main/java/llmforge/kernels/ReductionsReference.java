package llmforge.kernels;

/** Scalar double twin of {@link Reductions}. */
public final class ReductionsReference {
    private ReductionsReference() {}

    public static double sumAll(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    public static double[] sumRows(double[] x, int n, int c, double alpha) {
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) out[r] += x[r * c + j];
            out[r] *= alpha;
        }
        return out;
    }
}
