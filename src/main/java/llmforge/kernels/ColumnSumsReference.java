package llmforge.kernels;

/** Plain scalar twin of {@link ColumnSums} in double precision. */
public final class ColumnSumsReference {
    private ColumnSumsReference() {}

    /** out[j] += Σ_r x[r * cols + j] for a contiguous rows × cols matrix. */
    public static void accumulate(double[] x, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) out[j] += x[r * cols + j];
        }
    }
}
