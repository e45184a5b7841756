package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.GRAIN;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/**
 * Pointwise functions y = f(x) and their backward dx += dy * f'(x): activations (GELU both ways, SiLU, SwiGLU)
 * and unary math. Split over the pool in fixed chunks; each chunk ends with a masked vector step, so every
 * element goes through the same vector code. Twin: {@link PointwiseReference}.
 */
public final class Pointwise {
    private Pointwise() {}

    public enum Fn {
        EXP, LOG, SIGMOID, LOG_SIGMOID, TANH, NEG, SQUARE, SQRT, ERF,
        /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): GPT-2's "gelu_new". */
        GELU_TANH,
        /** x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)): exact GELU. */
        GELU_ERF,
        /** x * sigmoid(x). */
        SILU
    }

    static final float GELU_K = 0.7978845608028654f;   // sqrt(2 / pi)
    static final float GELU_C = 0.044715f;
    static final float INV_SQRT2 = 0.7071067811865476f;
    static final float INV_SQRT_2PI = 0.3989422804014327f;
    static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;

    /** y[i] = f(x[i]) for i in [0, n). */
    public static void forward(Fn f, MemorySegment x, long xOff, MemorySegment y, long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                apply(f, load(x, xOff + i, m)).intoMemorySegment(y, (yOff + i) * 4, NO, m);
            }
        });
    }

    /** dx[i] += dy[i] * f'(x[i]); y = f(x) from the forward (some derivatives are cheapest from it). */
    public static void backward(Fn f, MemorySegment x, long xOff, MemorySegment y, long yOff, MemorySegment dy,
                                long dyOff, MemorySegment dx, long dxOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector d = derivative(f, load(x, xOff + i, m), load(y, yOff + i, m));
                d.fma(load(dy, dyOff + i, m), load(dx, dxOff + i, m)).intoMemorySegment(dx, (dxOff + i) * 4, NO, m);
            }
        });
    }

    /** SwiGLU (LLaMA MLP): out = silu(gate) * up; gate, up, out: n floats each. */
    public static void swiglu(MemorySegment gate, long gOff, MemorySegment up, long uOff, MemorySegment out, long oOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                apply(Fn.SILU, load(gate, gOff + i, m)).mul(load(up, uOff + i, m)).intoMemorySegment(out, (oOff + i) * 4, NO, m);
            }
        });
    }

    /** dgate += dy * up * silu'(gate), dup += dy * silu(gate); either output may be null. */
    public static void swigluBackward(MemorySegment gate, long gOff, MemorySegment up, long uOff, MemorySegment dy, long dyOff,
                                      MemorySegment dgate, long dgOff, MemorySegment dup, long duOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector g = load(gate, gOff + i, m), d = load(dy, dyOff + i, m);
                FloatVector s = sigmoid(g);
                if (dgate != null) {
                    FloatVector dsilu = s.mul(g.mul(s.neg().add(1f)).add(1f));
                    d.mul(load(up, uOff + i, m)).fma(dsilu, load(dgate, dgOff + i, m)).intoMemorySegment(dgate, (dgOff + i) * 4, NO, m);
                }
                if (dup != null) d.fma(g.mul(s), load(dup, duOff + i, m)).intoMemorySegment(dup, (duOff + i) * 4, NO, m);
            }
        });
    }

    /** y[i] = alpha * x[i]. */
    public static void scale(float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (long i = from; i < to; i += S.length()) {
                VectorMask<Float> m = S.indexInRange(i, to);
                load(x, xOff + i, m).mul(alpha).intoMemorySegment(y, (yOff + i) * 4, NO, m);
            }
        });
    }

    static FloatVector load(MemorySegment s, long floatOff, VectorMask<Float> m) {
        return FloatVector.fromMemorySegment(S, s, floatOff * 4, NO, m);
    }

    static FloatVector apply(Fn f, FloatVector x) {
        return switch (f) {
            case EXP -> VectorMath.exp(x);
            case LOG -> VectorMath.log(x);
            case SIGMOID -> sigmoid(x);
            // min(x, 0) - log1p(exp(-|x|)): no overflow for large |x|
            case LOG_SIGMOID -> x.min(0f).sub(VectorMath.log1p(VectorMath.exp(x.abs().neg())));
            case TANH -> VectorMath.tanh(x);
            case NEG -> x.neg();
            case SQUARE -> x.mul(x);
            case SQRT -> x.sqrt();
            case ERF -> Erf.erf(x);
            case GELU_TANH -> x.mul(0.5f).mul(VectorMath.tanh(geluTanhInner(x)).add(1f));
            case GELU_ERF -> x.mul(0.5f).mul(Erf.erf(x.mul(INV_SQRT2)).add(1f));
            case SILU -> x.mul(sigmoid(x));
        };
    }

    static FloatVector derivative(Fn f, FloatVector x, FloatVector y) {
        return switch (f) {
            case EXP -> y;
            case LOG -> recip(x);
            case SIGMOID -> y.mul(y.neg().add(1f));
            case LOG_SIGMOID -> sigmoid(x.neg());
            case TANH -> y.mul(y).neg().add(1f);
            case NEG -> FloatVector.broadcast(S, -1f);
            case SQUARE -> x.add(x);
            case SQRT -> recip(y).mul(0.5f);
            case ERF -> VectorMath.exp(x.mul(x).neg()).mul(TWO_OVER_SQRT_PI);
            case GELU_TANH -> {
                FloatVector t = VectorMath.tanh(geluTanhInner(x));
                FloatVector du = x.mul(x).mul(3 * GELU_C).add(1f).mul(GELU_K);
                yield t.add(1f).mul(0.5f).add(x.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
            }
            case GELU_ERF -> Erf.erf(x.mul(INV_SQRT2)).add(1f).mul(0.5f)
                    .add(x.mul(VectorMath.exp(x.mul(x).mul(-0.5f))).mul(INV_SQRT_2PI));
            case SILU -> {
                FloatVector s = sigmoid(x);
                yield s.mul(x.mul(s.neg().add(1f)).add(1f));
            }
        };
    }

    private static FloatVector geluTanhInner(FloatVector x) {
        return x.mul(x).mul(GELU_C).add(1f).mul(x).mul(GELU_K);
    }


    static FloatVector recip(FloatVector x) {
        return FloatVector.broadcast(x.species(), 1f).div(x);
    }

    static FloatVector sigmoid(FloatVector x) {
        return recip(VectorMath.exp(x.neg()).add(1f));
    }
}
