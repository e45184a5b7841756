package llmforge.kernels;

/** Scalar double twin of {@link RmsNorm}. */
public final class RmsNormReference {
    private RmsNormReference() {}

    public static double[] forward(double[] x, double[] w, int n, int c, double eps) {
        double[] y = new double[n * c];
        for (int r = 0; r < n; r++) {
            double rs = rrms(x, r, c, eps);
            for (int j = 0; j < c; j++) y[r * c + j] = x[r * c + j] * rs * w[j];
        }
        return y;
    }

    public static void backward(double[] dy, double[] x, double[] w, int n, int c, double eps, double[] dx, double[] dw) {
        for (int r = 0; r < n; r++) {
            double rs = rrms(x, r, c, eps);
            double s = 0;
            for (int j = 0; j < c; j++) s += dy[r * c + j] * w[j] * x[r * c + j] * rs;
            for (int j = 0; j < c; j++) {
                double xh = x[r * c + j] * rs;
                if (dw != null) dw[j] += dy[r * c + j] * xh;
                if (dx != null) dx[r * c + j] += rs * (dy[r * c + j] * w[j] - xh * s / c);
            }
        }
    }

    private static double rrms(double[] x, int r, int c, double eps) {
        double ss = 0;
        for (int j = 0; j < c; j++) ss += x[r * c + j] * x[r * c + j];
        return 1 / Math.sqrt(ss / c + eps);
    }
}
