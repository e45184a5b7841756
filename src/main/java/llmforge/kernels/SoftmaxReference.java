package llmforge.kernels;

/** Scalar double twin of {@link Softmax}. */
public final class SoftmaxReference {
    private SoftmaxReference() {}

    public static double[] forward(boolean log, double[] x, int n, int c) {
        double[] lse = CrossEntropyReference.logSumExp(x, n, c);
        double[] y = new double[n * c];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) {
                double z = x[r * c + j] - lse[r];
                y[r * c + j] = log ? z : Math.exp(z);
            }
        }
        return y;
    }

    /** dx += J^T dy, written from the Jacobian definitions. */
    public static void backward(boolean log, double[] x, double[] dy, int n, int c, double[] dx) {
        double[] p = forward(false, x, n, c);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < c; i++) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    double delta = i == j ? 1 : 0;
                    // d y_j / d x_i
                    double jac = log ? delta - p[r * c + i] : p[r * c + j] * (delta - p[r * c + i]);
                    s += dy[r * c + j] * jac;
                }
                dx[r * c + i] += s;
            }
        }
    }
}
