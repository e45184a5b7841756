package llmforge.kernels;

/** Scalar double twin of {@link Elementwise}. */
public final class ElementwiseReference {
    private ElementwiseReference() {}

    public static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }

    public static void scale(double[] x, double alpha) {
        for (int i = 0; i < x.length; i++) x[i] *= alpha;
    }

    /** out[r][i] = a[aRow(r) + i*aInc] op b[bRow(r) + i*bInc]. */
    public static void binary(Elementwise.Op op, double[] a, Elementwise.RowOffsets aRow, int aInc, double[] b,
                              Elementwise.RowOffsets bRow, int bInc, double[] out, long rows, int inner) {
        for (long r = 0; r < rows; r++) {
            for (int i = 0; i < inner; i++) {
                double x = a[(int) (aRow.of(r) + (long) i * aInc)], y = b[(int) (bRow.of(r) + (long) i * bInc)];
                out[(int) (r * inner + i)] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> x / y;
                };
            }
        }
    }

    public static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
