package llmforge.kernels;

import llmforge.kernels.Pointwise.Fn;

/** Scalar double twin of {@link Pointwise}. */
public final class PointwiseReference {
    private PointwiseReference() {}

    public static double apply(Fn f, double x) {
        return switch (f) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case LOG_SIGMOID -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
            case TANH -> Math.tanh(x);
            case NEG -> -x;
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case ERF -> erf(x);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case GELU_ERF -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case SILU -> x / (1 + Math.exp(-x));
        };
    }

    public static double[] apply(Fn f, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = apply(f, x[i]);
        return y;
    }

    /** f'(x), written out by hand (tests compare it with the fast kernel's backward). */
    public static double derivative(Fn f, double x) {
        return switch (f) {
            case EXP -> Math.exp(x);
            case LOG -> 1 / x;
            case SIGMOID -> apply(Fn.SIGMOID, x) * (1 - apply(Fn.SIGMOID, x));
            case LOG_SIGMOID -> 1 / (1 + Math.exp(x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case NEG -> -1;
            case SQUARE -> 2 * x;
            case SQRT -> 0.5 / Math.sqrt(x);
            case ERF -> 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
            case GELU_TANH -> {
                double k = Math.sqrt(2 / Math.PI), t = Math.tanh(k * (x + 0.044715 * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x);
            }
            case GELU_ERF -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case SILU -> {
                double s = 1 / (1 + Math.exp(-x));
                yield s * (1 + x * (1 - s));
            }
        };
    }

    /** silu(gate) * up. */
    public static double[] swiglu(double[] gate, double[] up) {
        double[] y = new double[gate.length];
        for (int i = 0; i < y.length; i++) y[i] = apply(Fn.SILU, gate[i]) * up[i];
        return y;
    }

    /**
     * erf to double precision: erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), a series of
     * positive terms (no cancellation) that converges for every x; past |x| = 6 erf is 1 within 1e-17.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (a >= 6) return Math.signum(x);
        double term = a, sum = a;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(2 / Math.sqrt(Math.PI) * Math.exp(-a * a) * sum, x);
    }
}
