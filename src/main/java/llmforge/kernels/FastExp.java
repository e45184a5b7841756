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
    private static final float LOW = -87.5f, HIGH = 88f;

    private FastExp() {}

    static FloatVector exp(FloatVector x) {
        var underflow = x.compare(VectorOperators.LT, LOW);
        FloatVector xc = x.max(LOW).min(HIGH);
        FloatVector n = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector pow2 = bits.reinterpretAsFloats();
        return p.mul(pow2).blend(0f, underflow);
    }
}
