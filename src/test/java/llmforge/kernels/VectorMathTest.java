package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class VectorMathTest {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) f.apply(FloatVector.fromArray(S, x, i)).intoArray(out, i);
        return out;
    }

    static float[] samples(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return x;
    }

    static void within(String name, float[] x, float[] got, DoubleUnaryOperator exact, double rel, double abs) {
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            if (Math.abs(got[i] - e) > abs + rel * Math.abs(e)) {
                fail(name + "(" + x[i] + ") = " + got[i] + ", expected " + e);
            }
        }
    }

    @Test
    void expLogLog1pTanhAreAccurate() {
        int n = 1 << 16;
        float[] x = samples(1, n, -87, 88);
        within("exp", x, apply(VectorMath::exp, x), StrictMath::exp, 4e-7, 0);
        float[] pos = samples(2, n, 1e-30, 1e30);
        float[] logs = samples(3, n, -80, 80);
        for (int i = 0; i < n; i++) pos[i] = (float) Math.exp(logs[i]);
        within("log", pos, apply(VectorMath::log, pos), StrictMath::log, 2e-7, 2e-7);
        float[] small = samples(4, n, -0.999, 20);
        for (int i = 0; i < 64; i++) small[i] = (float) Math.scalb(1.0, -10 - i); // tiny arguments keep precision
        within("log1p", small, apply(VectorMath::log1p, small), StrictMath::log1p, 3e-7, 0);
        float[] t = samples(5, n, -12, 12);
        within("tanh", t, apply(VectorMath::tanh, t), StrictMath::tanh, 0, 2e-7);
    }

    @Test
    void specialValues() {
        float[] x = new float[S.length()];
        float[] in = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -1f, 1e-42f, 100f};
        System.arraycopy(in, 0, x, 0, Math.min(in.length, x.length));
        float[] lg = apply(VectorMath::log, x), ex = apply(VectorMath::exp, x);
        assertEquals(Float.NEGATIVE_INFINITY, lg[0]);
        assertEquals(Float.NEGATIVE_INFINITY, lg[1]);
        assertEquals(Float.POSITIVE_INFINITY, lg[2]);
        assertTrue(Float.isNaN(lg[3]) && Float.isNaN(lg[4]) && Float.isNaN(lg[5]));
        if (x.length > 6) assertEquals(StrictMath.log(1e-42), lg[6], 1e-5 * 97, "subnormal log");
        assertEquals(1f, ex[0]);
        assertEquals(Float.POSITIVE_INFINITY, ex[2]);
        assertEquals(0f, ex[3]);
        assertTrue(Float.isNaN(ex[4]));
        if (x.length > 7) assertEquals(Float.POSITIVE_INFINITY, ex[7]);
    }

    @Test
    void laneSumAddsInLaneOrder() {
        float[] x = new float[S.length()];
        x[0] = 1e8f;
        for (int i = 1; i < x.length; i++) x[i] = 1f;
        float expected = 0;
        for (float v : x) expected += v;
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(VectorMath.sum(FloatVector.fromArray(S, x, 0))));
    }
}
