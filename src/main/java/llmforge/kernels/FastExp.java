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

    private static FloatVector exp(FloatVector v) { return VectorMath.exp(v); }

    /**
     * x[from + i] = exp(x[from + i] - shift) for i < n (n a multiple of the vector length); returns their sum,
     * added lane by lane in a fixed order.
     */
    static float expShifted(float[] x, int from, int n, float shift, float[] lanes) {
        FloatVector sv = FloatVector.broadcast(S, shift), sum = FloatVector.zero(S);
        for (int c = from, e = from + n; c < e; c += S.length()) {
            FloatVector y = exp(FloatVector.fromArray(S, x, c).sub(sv));
            y.intoArray(x, c);
            sum = sum.add(y);
        }
        sum.intoArray(lanes, 0);
        float total = 0;
        for (int i = 0; i < S.length(); i++) total += lanes[i];
        return total;
    }

    /** colMax[c] = max over rows j < n of x[j * ld + c], for c < ld (a multiple of the vector length). */
    static void columnMax(float[] x, int n, int ld, float[] colMax) {
        for (int c = 0; c < ld; c += S.length()) {
            FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0, at = c; j < n; j++, at += ld) {
                FloatVector v = FloatVector.fromArray(S, x, at);
                mx = mx.blend(v, mx.compare(VectorOperators.LT, v)); // FloatVector.max is not intrinsified
            }
            mx.intoArray(colMax, c);
        }
    }

    /**
     * x[j * ld + c] = exp(x[j * ld + c] - shift[c]) for j < n, c < ld; colSum[c] = the column's sum (rows added
     * in order).
     */
    static void expColumns(float[] x, int n, int ld, float[] shift, float[] colSum) {
        for (int c = 0; c < ld; c += S.length()) {
            FloatVector sv = FloatVector.fromArray(S, shift, c), sum = FloatVector.zero(S);
            for (int j = 0, at = c; j < n; j++, at += ld) {
                FloatVector y = exp(FloatVector.fromArray(S, x, at).sub(sv));
                y.intoArray(x, at);
                sum = sum.add(y);
            }
            sum.intoArray(colSum, c);
        }
    }
}
