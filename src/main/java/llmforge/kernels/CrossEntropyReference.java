package llmforge.kernels;

/** Scalar double twin of {@link CrossEntropy}: plain loops, one thread, obviously correct. */
public final class CrossEntropyReference {
    private CrossEntropyReference() {}

    /** log sum_j exp(x[i, j]) per row of x (N, V). */
    public static double[] logSumExp(double[] x, int n, int v) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) m = Math.max(m, x[i * v + j]);
            double s = 0;
            for (int j = 0; j < v; j++) s += Math.exp(x[i * v + j] - m);
            out[i] = m + Math.log(s);
        }
        return out;
    }

    /** log p(target) per row (0 for ignored rows). */
    public static double[] targetLogProbs(double[] x, int n, int v, int[] targets, int ignoreIndex) {
        double[] lse = logSumExp(x, n, v);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = targets[i] == ignoreIndex ? 0 : x[i * v + targets[i]] - lse[i];
        return out;
    }

    /** sum_i w_i * -log p(t_i) / divisor over rows that count (weights may be null: all 1). */
    public static double loss(double[] x, int n, int v, int[] targets, double[] weights, int ignoreIndex,
                              double divisor) {
        double[] lp = targetLogProbs(x, n, v, targets, ignoreIndex);
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] != ignoreIndex) s -= (weights == null ? 1 : weights[i]) * lp[i];
        }
        return s / divisor;
    }

    /** dx[i, j] += coef[i] * (softmax_ij - [j == t_i]) for rows that count. */
    public static void backward(double[] x, int n, int v, int[] targets, int ignoreIndex, double[] coef, double[] dx) {
        double[] lse = logSumExp(x, n, v);
        for (int i = 0; i < n; i++) {
            if (targets[i] == ignoreIndex) continue;
            for (int j = 0; j < v; j++) {
                dx[i * v + j] += coef[i] * (Math.exp(x[i * v + j] - lse[i]) - (j == targets[i] ? 1 : 0));
            }
        }
    }
}
