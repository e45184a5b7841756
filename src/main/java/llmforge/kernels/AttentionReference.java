package llmforge.kernels;

/**
 * Scaled-dot-product attention the obvious way, in double: the full (T x S) score matrix of every (batch, head),
 * masked, soft-maxed, multiplied. Contiguous (B, H, T, D) arrays. The test oracle for {@link Attention}.
 */
public final class AttentionReference {
    private AttentionReference() {}

    /** out (B, Hq, T, D) and lse (B, Hq, T); a row with no visible key has out 0 and lse -infinity. */
    public record Forward(double[] out, double[] lse) {}

    public record Gradients(double[] dq, double[] dk, double[] dv) {}

    public static Forward forward(AttentionShape sh, AttentionMask mask, double scale, double[] q, double[] k,
                                  double[] v) {
        mask.check(sh.batch(), sh.queries(), sh.keys());
        int t = sh.queries(), s = sh.keys(), d = sh.headDim();
        double[] out = new double[sh.batch() * sh.heads() * t * d];
        double[] lse = new double[sh.batch() * sh.heads() * t];
        for (int b = 0; b < sh.batch(); b++) {
            for (int h = 0; h < sh.heads(); h++) {
                double[][] p = probabilities(sh, mask, scale, q, k, b, h, lse);
                int kvh = h / sh.group();
                for (int i = 0; i < t; i++) {
                    for (int c = 0; c < d; c++) {
                        double acc = 0;
                        for (int j = 0; j < s; j++) acc += p[i][j] * v[kvIndex(sh, b, kvh, j, c)];
                        out[qIndex(sh, b, h, i, c)] = acc;
                    }
                }
            }
        }
        return new Forward(out, lse);
    }

    /** Gradients of sum(out * dOut) with respect to q, k and v. */
    public static Gradients backward(AttentionShape sh, AttentionMask mask, double scale, double[] q, double[] k,
                                     double[] v, double[] dOut) {
        mask.check(sh.batch(), sh.queries(), sh.keys());
        int t = sh.queries(), s = sh.keys(), d = sh.headDim();
        double[] dq = new double[q.length], dk = new double[k.length], dv = new double[v.length];
        double[] lse = new double[sh.batch() * sh.heads() * t];
        for (int b = 0; b < sh.batch(); b++) {
            for (int h = 0; h < sh.heads(); h++) {
                double[][] p = probabilities(sh, mask, scale, q, k, b, h, lse);
                int kvh = h / sh.group();
                for (int i = 0; i < t; i++) {
                    // dP_ij = dOut_i . v_j ; dS_ij = P_ij (dP_ij - sum_l P_il dP_il)
                    double[] dp = new double[s];
                    double rowDot = 0;
                    for (int j = 0; j < s; j++) {
                        for (int c = 0; c < d; c++) dp[j] += dOut[qIndex(sh, b, h, i, c)] * v[kvIndex(sh, b, kvh, j, c)];
                        rowDot += p[i][j] * dp[j];
                    }
                    for (int j = 0; j < s; j++) {
                        double ds = p[i][j] * (dp[j] - rowDot);
                        for (int c = 0; c < d; c++) {
                            dq[qIndex(sh, b, h, i, c)] += scale * ds * k[kvIndex(sh, b, kvh, j, c)];
                            dk[kvIndex(sh, b, kvh, j, c)] += scale * ds * q[qIndex(sh, b, h, i, c)];
                            dv[kvIndex(sh, b, kvh, j, c)] += p[i][j] * dOut[qIndex(sh, b, h, i, c)];
                        }
                    }
                }
            }
        }
        return new Gradients(dq, dk, dv);
    }

    /** The (T x S) softmax of (b, h), masked entries 0; fills that head's rows of lse. */
    private static double[][] probabilities(AttentionShape sh, AttentionMask mask, double scale, double[] q,
                                            double[] k, int b, int h, double[] lse) {
        int t = sh.queries(), s = sh.keys(), d = sh.headDim(), kvh = h / sh.group();
        double[][] p = new double[t][s];
        for (int i = 0; i < t; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                if (!mask.allows(b, i, j, t, s)) {
                    p[i][j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double dot = 0;
                for (int c = 0; c < d; c++) dot += q[qIndex(sh, b, h, i, c)] * k[kvIndex(sh, b, kvh, j, c)];
                p[i][j] = scale * dot;
                max = Math.max(max, p[i][j]);
            }
            int row = (b * sh.heads() + h) * t + i;
            if (max == Double.NEGATIVE_INFINITY) { // nothing visible: zero output, zero gradient
                java.util.Arrays.fill(p[i], 0);
                lse[row] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double sum = 0;
            for (int j = 0; j < s; j++) sum += Math.exp(p[i][j] - max);
            for (int j = 0; j < s; j++) p[i][j] = Math.exp(p[i][j] - max) / sum;
            lse[row] = max + Math.log(sum);
        }
        return p;
    }

    private static int qIndex(AttentionShape sh, int b, int h, int i, int c) {
        return ((b * sh.heads() + h) * sh.queries() + i) * sh.headDim() + c;
    }

    private static int kvIndex(AttentionShape sh, int b, int h, int j, int c) {
        return ((b * sh.kvHeads() + h) * sh.keys() + j) * sh.headDim() + c;
    }
}
