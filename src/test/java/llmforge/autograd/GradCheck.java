package llmforge.autograd;

import llmforge.Approx;
import llmforge.tensor.Tensor;

import java.util.function.Function;

/**
 * Checks an autograd op against a double-precision reference of its forward pass:
 * (1) the float forward matches the reference; (2) every input gradient from the tape matches central finite
 * differences of {@code L = sum(reference(x) * g)} computed in double precision, for a fixed random g.
 */
public final class GradCheck {
    private final String name;
    private final Function<Tensor[], Tensor> op;
    private final Function<double[][], double[]> reference;
    private double forwardTol = 1e-5;
    private double gradTol = 2e-3;
    private double step = 1e-6;

    private GradCheck(String name, Function<Tensor[], Tensor> op, Function<double[][], double[]> reference) {
        this.name = name;
        this.op = op;
        this.reference = reference;
    }

    /** @param op the op under test; @param reference the same function in double on flat row-major arrays */
    public static GradCheck of(String name, Function<Tensor[], Tensor> op, Function<double[][], double[]> reference) {
        return new GradCheck(name, op, reference);
    }

    public GradCheck forwardTol(double t) { forwardTol = t; return this; }

    public GradCheck gradTol(double t) { gradTol = t; return this; }

    /** Finite-difference step (in double); ops with kinks (clamp, max) need inputs away from them. */
    public GradCheck step(double h) { step = h; return this; }

    /** Runs the check; inputs that do not require a gradient are held fixed. */
    public void run(Tensor... inputs) {
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) x[i] = inputs[i].toDoubleArray();
        double[] refOut = reference.apply(x);
        float[] g;
        float[] out;
        float[][] grads = new float[inputs.length][];
        for (Tensor in : inputs) if (in.requiresGrad()) in.setGrad(null);
        try (Tape tape = Tape.open()) {
            Tensor y = op.apply(inputs);
            out = y.toFloatArray();
            Approx.assertClose(name + " forward", refOut, Approx.toDouble(out), forwardTol, forwardTol);
            g = Approx.random(7, out.length, -1, 1);
            tape.backward(y, Tensor.of(g, y.shape()));
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) {
                    if (inputs[i].grad() == null) throw new AssertionError(name + ": no gradient reached input " + i);
                    grads[i] = inputs[i].grad().toFloatArray();
                }
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) continue;
            double[] fd = new double[x[i].length];
            double scale = 0;
            for (int j = 0; j < fd.length; j++) {
                double keep = x[i][j];
                x[i][j] = keep + step;
                double up = dot(reference.apply(x), g);
                x[i][j] = keep - step;
                double down = dot(reference.apply(x), g);
                x[i][j] = keep;
                fd[j] = (up - down) / (2 * step);
                scale = Math.max(scale, Math.abs(fd[j]));
            }
            Approx.assertClose(name + " gradient of input " + i, fd, Approx.toDouble(grads[i]), gradTol,
                    gradTol * Math.max(scale, 1e-3));
        }
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** A persistent input tensor with uniform random values that wants a gradient. */
    public static Tensor input(long seed, double lo, double hi, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        Tensor t = Tensor.persistent(shape).copyFrom(Approx.random(seed, n, lo, hi));
        return t.requiresGrad(true);
    }
}
