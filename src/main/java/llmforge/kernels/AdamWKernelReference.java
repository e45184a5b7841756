package llmforge.kernels;

/** Scalar double-precision twin of {@link AdamWKernel}: the formula as written, one element at a time. */
public final class AdamWKernelReference {
    private AdamWKernelReference() {}

    /** Updates p, m and v in place from g (all of the same length). */
    public static void update(double[] p, double[] g, double[] m, double[] v, AdamWKernel.Hyper h) {
        double biasCorrection1 = 1 - Math.pow(h.beta1(), h.step());
        double biasCorrection2 = 1 - Math.pow(h.beta2(), h.step());
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - h.lr() * h.weightDecay();
            m[i] = h.beta1() * m[i] + (1 - h.beta1()) * g[i];
            v[i] = h.beta2() * v[i] + (1 - h.beta2()) * g[i] * g[i];
            double mHat = m[i] / biasCorrection1;
            double vHat = v[i] / biasCorrection2;
            p[i] -= h.lr() * mHat / (Math.sqrt(vHat) + h.eps());
        }
    }
}
