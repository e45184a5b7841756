package llmforge.kernels;

/** Scalar double twin of {@link LayerNorm}. */
public final class LayerNormReference {
    private LayerNormReference() {}

    /** x: (N, C), w, b: (C) -> y: (N, C). */
    public static double[] forward(double[] x, double[] w, double[] b, int n, int c, double eps) {
        double[] y = new double[n * c];
        for (int r = 0; r < n; r++) {
            double m = 0, v = 0;
            for (int j = 0; j < c; j++) m += x[r * c + j];
            m /= c;
            for (int j = 0; j < c; j++) v += (x[r * c + j] - m) * (x[r * c + j] - m);
            double rs = 1 / Math.sqrt(v / c + eps);
            for (int j = 0; j < c; j++) y[r * c + j] = (x[r * c + j] - m) * rs * w[j] + b[j];
        }
        return y;
    }

    /** Accumulates dx, dw, db (each may be null) from dy. */
    public static void backward(double[] dy, double[] x, double[] w, int n, int c, double eps,
                                double[] dx, double[] dw, double[] db) {
        for (int r = 0; r < n; r++) {
            double m = 0, v = 0;
            for (int j = 0; j < c; j++) m += x[r * c + j];
            m /= c;
            for (int j = 0; j < c; j++) v += (x[r * c + j] - m) * (x[r * c + j] - m);
            double rs = 1 / Math.sqrt(v / c + eps);
            double sg = 0, sgx = 0;
            for (int j = 0; j < c; j++) {
                double xh = (x[r * c + j] - m) * rs, g = dy[r * c + j] * w[j];
                sg += g;
                sgx += g * xh;
                if (dw != null) dw[j] += dy[r * c + j] * xh;
                if (db != null) db[j] += dy[r * c + j];
            }
            if (dx == null) continue;
            for (int j = 0; j < c; j++) {
                double xh = (x[r * c + j] - m) * rs, g = dy[r * c + j] * w[j];
                dx[r * c + j] += rs * (g - sg / c - xh * sgx / c);
            }
        }
    }
}
