package llmforge.kernels;

/** Scalar double twin of {@link Rope}: angles computed directly in double, no table. */
public final class RopeReference {
    private RopeReference() {}

    public static double[] forward(double[] x, int b, int t, int h, int d, boolean headsFirst, int[] positions,
                                   double base, double linear, double ntk) {
        double[] y = new double[x.length];
        int half = d / 2;
        for (int bi = 0; bi < b; bi++) {
            for (int ti = 0; ti < t; ti++) {
                for (int hi = 0; hi < h; hi++) {
                    int row = headsFirst ? (bi * h + hi) * t + ti : (bi * t + ti) * h + hi;
                    int pos = positions[bi * t + ti];
                    for (int i = 0; i < half; i++) {
                        double a = RopeTable.angle(pos, i, d, base, linear, ntk);
                        double x1 = x[row * d + i], x2 = x[row * d + half + i];
                        y[row * d + i] = x1 * Math.cos(a) - x2 * Math.sin(a);
                        y[row * d + half + i] = x2 * Math.cos(a) + x1 * Math.sin(a);
                    }
                }
            }
        }
        return y;
    }
}
