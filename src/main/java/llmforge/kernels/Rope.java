package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;
import static llmforge.kernels.Pointwise.load;

/**
 * Rotary position embedding, HF LLaMA convention ("rotate_half"): pair (i, i + D/2) of each head vector turns
 * by the angle of its token's position: y_i = x_i cos - x_{i+D/2} sin, y_{i+D/2} = x_{i+D/2} cos + x_i sin.
 * Layout (B, T, H, D), or (B, H, T, D) when {@code headsFirst}; one position id per token (B, T), so packed
 * sequences can restart at 0. The backward is the inverse rotation. Twin: {@link RopeReference}.
 */
public final class Rope {
    private Rope() {}

    /** y = R(pos) x (or dst += R(-pos) x for the backward, {@code inverse}). x, y: (B, T, H, D) or (B, H, T, D). */
    public static void rotate(MemorySegment x, long xOff, MemorySegment y, long yOff, int b, int t, int h,
                              boolean headsFirst, int[] positions, RopeTable table, boolean inverse) {
        int d = table.headDim(), half = d / 2;
        if (positions.length != b * t) throw new IllegalArgumentException(positions.length + " position ids for " + b + "x" + t + " tokens");
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= table.positions()) {
                throw new IllegalArgumentException("position id " + positions[i] + " at token " + i
                        + " is outside the rope table's [0, " + table.positions() + ")");
            }
        }
        long rows = (long) b * t * h;
        float[] cosT = table.cos(), sinT = table.sin();
        Parallel.forRange(rows, LogSoftmaxRows.rowGrain(d), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                int token = (int) (headsFirst ? (r / ((long) h * t)) * t + r % t : r / h);
                int tab = positions[token] * half;
                long xo = xOff + r * d, yo = yOff + r * d;
                for (int i = 0; i < half; i += S.length()) {
                    VectorMask<Float> m = S.indexInRange(i, half);
                    FloatVector c = FloatVector.fromArray(S, cosT, tab + i, m);
                    FloatVector s = FloatVector.fromArray(S, sinT, tab + i, m);
                    if (inverse) s = s.neg();
                    FloatVector x1 = load(x, xo + i, m), x2 = load(x, xo + half + i, m);
                    FloatVector y1 = x1.mul(c).sub(x2.mul(s)), y2 = x2.mul(c).add(x1.mul(s));
                    if (inverse) {
                        y1 = y1.add(load(y, yo + i, m));
                        y2 = y2.add(load(y, yo + half + i, m));
                    }
                    y1.intoMemorySegment(y, (yo + i) * 4, NO, m);
                    y2.intoMemorySegment(y, (yo + half + i) * 4, NO, m);
                }
            }
        });
    }
}
