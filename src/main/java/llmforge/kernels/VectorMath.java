package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, log1p, tanh and lane sums on float vectors built from adds, multiplies, fmas and bit operations only,
 * so they return the same bits in interpreted, C1 and C2 code. The Vector API's own EXP/LOG/TANH switch from a
 * Java fallback to SVML intrinsics as code warms up, and reduceLanes(ADD) may reorder: either makes the same
 * seed give different weights from one run to the next. Every kernel uses these instead.
 */
public final class VectorMath {
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;   // ln 2 with its low bits cleared: n * LN2_HI is exact
    private static final float LN2_LO = 1.42860677e-6f;  // ln 2 - LN2_HI
    private static final float ROUND = 12582912f;        // 1.5 * 2^23: adding and subtracting rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float EXP_LOW = -87.5f, EXP_HIGH = 88.7f;
    private static final float SQRT2 = 1.41421356f;
    private static final float MIN_NORMAL = Float.MIN_NORMAL;

    private VectorMath() {}

    /**
     * e^x: range reduction x = k ln2 + r, |r| <= ln2/2, then a degree-7 Taylor polynomial (truncation error below
     * float resolution). Below -87.5 gives exactly 0, above 88.7 gives +infinity, NaN stays NaN.
     */
    public static FloatVector exp(FloatVector v) {
        VectorSpecies<Float> s = v.species();
        VectorMask<Float> under = v.compare(VectorOperators.LT, EXP_LOW);
        VectorMask<Float> over = v.compare(VectorOperators.GT, EXP_HIGH);
        // clamp with compare/blend: FloatVector.max/min are slow on x86 in JDK 25
        FloatVector xc = v.blend(EXP_LOW, under).blend(EXP_HIGH, over);
        FloatVector t = xc.mul(LOG2E).add(ROUND);
        FloatVector k = t.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(s, -LN2_HI), xc);
        r = k.fma(FloatVector.broadcast(s, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(s, 1f / 5040), FloatVector.broadcast(s, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(s, 0.5f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        // 2^k from the integer sitting in the low mantissa bits of t (k in [-127, 128]: split in two halves so
        // 2^128 does not overflow the exponent field)
        IntVector ki = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector twoA = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector twoB = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoA).mul(twoB).blend(0f, under).blend(Float.POSITIVE_INFINITY, over);
    }

    /**
     * Natural log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh((m-1)/(m+1)) by its odd series
     * (|s| <= 0.172, so five terms reach float precision). 0 gives -infinity, negatives NaN, +infinity itself;
     * subnormals are scaled by 2^24 first.
     */
    public static FloatVector log(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        VectorMask<Float> sub = x.compare(VectorOperators.LT, MIN_NORMAL).and(x.compare(VectorOperators.GT, 0f));
        FloatVector xs = x.blend(x.mul(16777216f), sub);
        IntVector bits = xs.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(127);
        FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats(); // [1, 2)
        VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), big);
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        ef = ef.blend(ef.add(1f), big);
        ef = ef.blend(ef.sub(24f), sub);
        FloatVector z = m.sub(1f).div(m.add(1f));
        FloatVector z2 = z.mul(z);
        FloatVector p = z2.fma(FloatVector.broadcast(s, 2f / 9), FloatVector.broadcast(s, 2f / 7));
        p = p.fma(z2, FloatVector.broadcast(s, 2f / 5));
        p = p.fma(z2, FloatVector.broadcast(s, 2f / 3));
        p = p.fma(z2, FloatVector.broadcast(s, 2f));
        FloatVector lm = p.mul(z);
        FloatVector r = ef.fma(FloatVector.broadcast(s, LN2_HI), ef.fma(FloatVector.broadcast(s, LN2_LO), lm));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.compare(VectorOperators.NE, x)));
        return r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** log(1 + y) for y > -1, accurate for tiny y: log(u) * y / (u - 1) with u = 1 + y, or y when u rounds to 1. */
    public static FloatVector log1p(FloatVector y) {
        FloatVector u = y.add(1f);
        FloatVector d = u.sub(1f);
        VectorMask<Float> exact = d.compare(VectorOperators.EQ, 0f);
        FloatVector r = log(u).mul(y).div(d.blend(1f, exact));
        return r.blend(y, exact).blend(log(u), u.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** tanh(u) = 1 - 2 / (exp(2u) + 1); absolute error ~1e-7. */
    public static FloatVector tanh(FloatVector u) {
        FloatVector one = FloatVector.broadcast(u.species(), 1f);
        return one.div(exp(u.add(u)).add(1f)).mul(-2f).add(1f);
    }

    /** Sum of the lanes, added one by one from lane 0: the same bits at every JIT level. */
    public static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
