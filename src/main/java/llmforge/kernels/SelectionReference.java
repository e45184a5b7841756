package llmforge.kernels;

/** Scalar double twin of {@link Selection}. */
public final class SelectionReference {
    private SelectionReference() {}

    public static double[] clamp(double[] x, double lo, double hi) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], lo), hi);
        return y;
    }

    public static double[] minMax(boolean max, double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = max ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]);
        return y;
    }

    public static double[] where(double[] cond, double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = cond[i] != 0 ? a[i] : b[i];
        return y;
    }
}
