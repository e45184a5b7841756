package llmforge.kernels;

/**
 * Twin of {@link Bf16}, from the definition rather than bit tricks: the two bf16 values around x are x's float with
 * the low 16 bits cleared and the next one up in magnitude; pick the nearer (in double), on a tie the one with an
 * even last bit.
 */
public final class Bf16Reference {
    private Bf16Reference() {}

    public static short[] fromFloat(float[] x) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) out[i] = round(x[i]);
        return out;
    }

    public static float[] toFloat(short[] h) {
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) out[i] = Float.intBitsToFloat((h[i] & 0xFFFF) << 16);
        return out;
    }

    static short round(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) return (short) ((bits >>> 16) | 0x40);
        if (Float.isInfinite(x)) return (short) (bits >>> 16);
        int down = bits >>> 16;              // truncated towards zero
        int up = down + 1;                   // next magnitude up (may be the infinity pattern)
        double lo = Math.abs((double) Float.intBitsToFloat(down << 16));
        // the value one bf16 step above lo; past the largest finite bf16 this is where rounding overflows
        double hi = (up & 0x7FFF) == 0x7F80 ? lo + Math.ulp(Float.intBitsToFloat(down << 16)) * 65536.0
                : Math.abs((double) Float.intBitsToFloat(up << 16));
        double a = Math.abs((double) x);
        int pick;
        if (a - lo < hi - a) pick = down;
        else if (a - lo > hi - a) pick = up;
        else pick = (down & 1) == 0 ? down : up;
        return (short) pick;
    }
}
