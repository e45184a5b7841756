package llmforge.autograd;

import llmforge.tensor.Bf16Weights;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Bf16LinearTest {
    @Test
    void equalsFloatLinearOnTheRoundedWeightsForwardAndBackward() {
        int rows = 37, in = 19, out = 45;
        Tensor w32 = GradCheck.input(1, -1, 1, out, in);
        Bf16Weights w = Bf16Weights.of(w32.transposeLast2());
        assertEquals((long) out * in * 2, w.byteSize()); // half of float32
        Tensor rounded = w.toFloat().transposeLast2().contiguousCopy().requiresGrad(false);
        Tensor bias = GradCheck.input(2, -1, 1, out);
        float[] g = llmforge.Approx.random(3, rows * out, -1, 1);
        float[][] want = run(GradCheck.input(4, -1, 1, rows, in), bias, x -> Ops.linear(x, rounded, bias), g);
        float[][] got = run(GradCheck.input(4, -1, 1, rows, in), bias, x -> Bf16Linear.apply(x, w, bias), g);
        for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], "output/dx/dbias " + i);
    }

    private static float[][] run(Tensor x, Tensor bias, java.util.function.Function<Tensor, Tensor> f, float[] g) {
        bias.setGrad(null);
        try (Tape tape = Tape.open()) {
            Tensor y = f.apply(x);
            tape.backward(y, Tensor.of(g, y.shape()));
            return new float[][] {y.toFloatArray(), x.grad().toFloatArray(), bias.grad().toFloatArray()};
        }
    }

    @Test
    void gradientOfTheInputMatchesFiniteDifferences() {
        Bf16Weights w = Bf16Weights.of(GradCheck.input(5, -1, 1, 3, 7));   // transposed: (in 3, out 7)
        double[] wd = w.toFloat().toDoubleArray();
        GradCheck.of("bf16 linear", in -> Bf16Linear.apply(in[0], w, null), x -> {
            int rows = x[0].length / 3;
            double[] y = new double[rows * 7];
            for (int r = 0; r < rows; r++) for (int o = 0; o < 7; o++) for (int k = 0; k < 3; k++) y[r * 7 + o] += x[0][r * 3 + k] * wd[k * 7 + o];
            return y;
        }).run(GradCheck.input(6, -1, 1, 5, 3));
    }
}
