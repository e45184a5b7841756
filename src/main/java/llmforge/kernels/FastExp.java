package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp(x) on float vectors from adds, multiplies and fmas only, so it returns the same bits in interpreted,
 * C1 and C2 code (the Vector API's own EXP may switch from a scalar fallback to an SVML intrinsic as code warms
 * up, which would break bit-identical results). Range reduction x = n ln2 + r, |r| <= ln2/2, then a degree-7
 * Taylor polynomial (truncation error < 1e-8 relative, below float resolution). Inputs below -87.5, -infinity
 * included, give exactly 0 (softmax never needs the subnormal range).
 */
final class FastExp {
    private static final VectorSpecies<Float> S = TileGemm.S;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;   // ln 2 with its low bits cleared: n * LN2_HI is exact
    private static final float LN2_LO = 1.42860677e-6f;  // ln 2 - LN2_HI
    private static final float ROUND = 12582912f;        // 1.5 * 2^23: adding and subtracting rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LOW = -87.5f, HIGH = 88f;

    private FastExp() {}

    /**
     * x[from + i] = exp(x[from + i] - shift) for i < n (n a multiple of the vector length); returns their sum,
     * added lane by lane in a fixed order. Works on arrays rather than taking a vector argument so no vector
     * crosses a call boundary the JIT might not inline (that would box every vector).
     */
    static float expShifted(float[] x, int from, int n, float shift, float[] lanes) {
        FloatVector sv = FloatVector.broadcast(S, shift), sum = FloatVector.zero(S);
        for (int c = from, e = from + n; c < e; c += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, c).sub(sv);
            var underflow = v.compare(VectorOperators.LT, LOW);
            // clamp with compare/blend: FloatVector.max/min are not intrinsified on x86 in JDK 25 (about 20x slower)
            FloatVector xc = v.blend(LOW, underflow).blend(HIGH, v.compare(VectorOperators.GT, HIGH));
            FloatVector t = xc.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            // 2^k from the integer sitting in the low mantissa bits of t
            IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector y = p.mul(bits.reinterpretAsFloats()).blend(0f, underflow);
            y.intoArray(x, c);
            sum = sum.add(y);
        }
        sum.intoArray(lanes, 0);
        float total = 0;
        for (int i = 0; i < S.length(); i++) total += lanes[i];
        return total;
    }
}
