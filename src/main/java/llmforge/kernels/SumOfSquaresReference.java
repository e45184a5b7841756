package llmforge.kernels;

/** Scalar twin of {@link SumOfSquares}: a plain left-to-right sum in double. */
public final class SumOfSquaresReference {
    private SumOfSquaresReference() {}

    public static double of(double[] x) {
        double s = 0;
        for (double e : x) s += e * e;
        return s;
    }
}
