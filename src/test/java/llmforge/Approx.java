package llmforge;

import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise closeness with a message that names the first bad index and both values. */
public final class Approx {
    private Approx() {}

    /** |actual - expected| <= atol + rtol * |expected| for every element. */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(a) || Math.abs(a - e) > atol + rtol * Math.abs(e)) {
                fail(String.format("%s: index %d is %.9g, expected %.9g (|diff| %.3g > %.3g)", what, i, a, e,
                        Math.abs(a - e), atol + rtol * Math.abs(e)));
            }
        }
    }

    public static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        assertClose(what, toDouble(expected), toDouble(actual), rtol, atol);
    }

    public static void assertBitsEqual(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": index " + i + " is " + actual[i] + ", expected bit-identical " + expected[i]);
            }
        }
    }

    public static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Uniform floats in [lo, hi) from a fixed seed. */
    public static float[] random(long seed, int n, double lo, double hi) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return out;
    }
}
