package llmforge.autograd;

import llmforge.Approx;
import llmforge.io.SafetensorsFile;
import llmforge.kernels.ColumnSumsReference;
import llmforge.kernels.GemmReference;
import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatMulTest {
    /** A gradient-checked input of logical shape (…, rows, cols), stored transposed when {@code transposed}. */
    private static Tensor input(long seed, boolean transposed, int... shape) {
        if (!transposed) return GradCheck.input(seed, -1, 1, shape);
        int[] stored = shape.clone();
        int r = stored.length;
        stored[r - 1] = shape[r - 2];
        stored[r - 2] = shape[r - 1];
        return GradCheck.input(seed, -1, 1, stored).requiresGrad(false).transposeLast2().requiresGrad(true);
    }

    /** Broadcasting batched product over logical row-major arrays, in double. */
    private static double[] reference(double[] a, int[] as, double[] b, int[] bs) {
        int M = as[as.length - 2], K = as[as.length - 1], N = bs[bs.length - 1];
        int[] ab = Arrays.copyOf(as, as.length - 2), bb = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shape.broadcast(ab, bb);
        int nb = (int) Shape.numel(batch);
        double[] c = new double[nb * M * N];
        for (int i = 0; i < nb; i++) {
            GemmReference.sgemm(false, false, M, N, K, a, index(i, batch, ab) * M * K, K, b, index(i, batch, bb) * K * N, N,
                    c, i * M * N, N, false);
        }
        return c;
    }

    /** Flat index into an operand's batch dims for flat index i of the broadcast batch shape. */
    private static int index(int i, int[] batch, int[] own) {
        int idx = 0, mul = 1;
        for (int d = batch.length - 1, od = own.length - 1; d >= 0; d--, od--) {
            int coord = i % batch[d];
            i /= batch[d];
            if (od >= 0) {
                if (own[od] != 1) idx += coord * mul;
                mul *= own[od];
            }
        }
        return idx;
    }

    private static void checkMatmul(String name, Tensor a, Tensor b) {
        int[] as = a.shape(), bs = b.shape();
        GradCheck.of(name, in -> MatMul.matmul(in[0], in[1]), x -> reference(x[0], as, x[1], bs)).run(a, b);
    }

    @Test void matmulEveryTransposeVariant() {
        for (int v = 0; v < 4; v++) {
            boolean tA = (v & 1) != 0, tB = (v & 2) != 0;
            checkMatmul("matmul 2-D variant " + v, input(1, tA, 5, 7), input(2, tB, 7, 3));
        }
    }

    @Test void matmulBatchedAndBroadcast() {
        checkMatmul("batched", input(1, false, 2, 3, 4, 5), input(2, false, 2, 3, 5, 6));
        checkMatmul("batched transposed b", input(1, false, 2, 3, 4, 5), input(2, true, 2, 3, 5, 6));
        checkMatmul("batched transposed a", input(1, true, 3, 4, 5), input(2, false, 3, 5, 6));
        checkMatmul("b broadcast over dim 0", input(1, false, 2, 3, 4, 5), input(2, false, 3, 5, 6));
        checkMatmul("both broadcast", input(1, false, 2, 1, 4, 5), input(2, true, 3, 5, 6));
        checkMatmul("2-D a, batched b", input(1, true, 4, 5), input(2, false, 4, 5, 6));
        checkMatmul("folded rows (B,T,C)·(C,N)", input(1, false, 3, 4, 5), input(2, false, 5, 6));
        checkMatmul("folded rows, transposed weight", input(1, false, 3, 4, 5), input(2, true, 5, 6));
    }

    @Test void matmulRejectsMismatchedShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> MatMul.matmul(a, b));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("inner dims"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatMul.matmul(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5)));
    }

    /** y = x·Wᵀ + b over logical arrays: x (rows × in), W (out × in). */
    private static double[] linearReference(double[] x, double[] w, double[] b, int rows, int in, int out) {
        double[] y = new double[rows * out];
        GemmReference.sgemm(false, true, rows, out, in, x, 0, in, w, 0, in, y, 0, out, false);
        if (b != null) {
            for (int r = 0; r < rows; r++) for (int j = 0; j < out; j++) y[r * out + j] += b[j];
        }
        return y;
    }

    @Test void linearWithAndWithoutBias() {
        Tensor x = input(1, false, 2, 3, 7), w = input(2, false, 5, 7), b = input(3, false, 1, 5).view(5).requiresGrad(true);
        GradCheck.of("linear with bias", in -> MatMul.linear(in[0], in[1], in[2]),
                p -> linearReference(p[0], p[1], p[2], 6, 7, 5)).run(x, w, b);
        GradCheck.of("linear without bias", in -> MatMul.linear(in[0], in[1], null),
                p -> linearReference(p[0], p[1], null, 6, 7, 5)).run(x, w);
        Tensor wt = input(4, true, 5, 7);
        GradCheck.of("linear, transposed weight view", in -> MatMul.linear(in[0], in[1], null),
                p -> linearReference(p[0], p[1], null, 6, 7, 5)).run(x, wt);
    }

    @Test void biasGradientIsTheColumnSumOfManyRows() {
        int rows = 300, in = 3, out = 70;
        Tensor x = GradCheck.input(1, -1, 1, rows, in), w = GradCheck.input(2, -1, 1, out, in);
        Tensor b = GradCheck.input(3, -1, 1, out);
        float[] g = Approx.random(9, rows * out, -1, 1);
        try (Tape tape = Tape.open()) {
            Tensor y = MatMul.linear(x, w, b);
            tape.backward(y, Tensor.of(g, rows, out));
            double[] expected = new double[out];
            ColumnSumsReference.accumulate(Approx.toDouble(g), rows, out, expected);
            Approx.assertClose("bias grad", expected, Approx.toDouble(b.grad().toFloatArray()), 1e-5, 1e-4);
        }
    }

    @Test void gradientsAccumulateAcrossBackwardPasses() {
        Tensor a = GradCheck.input(1, -1, 1, 4, 3), b = GradCheck.input(2, -1, 1, 3, 5);
        a.setGrad(Tensor.persistent(4, 3));  // like a Parameter's: it outlives each step
        b.setGrad(Tensor.persistent(3, 5));
        float[][] grads = new float[2][];
        for (int pass = 0; pass < 2; pass++) {
            try (Tape tape = Tape.open()) {
                Tensor c = MatMul.matmul(a, b);
                tape.backward(c, Tensor.of(Approx.random(5, 20, -1, 1), 4, 5));
            }
            grads[pass] = b.grad().toFloatArray();
        }
        for (int i = 0; i < grads[0].length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(2 * grads[0][i], grads[1][i], 1e-5f);
        }
    }

    @Test void matchesPyTorchGolden() throws Exception {
        SafetensorsFile f = SafetensorsFile.open(Path.of(getClass().getResource("/golden/matmul.safetensors").toURI()));
        Tensor x = f.tensor("linear.x").requiresGrad(true), w = f.tensor("linear.w").requiresGrad(true);
        Tensor b = f.tensor("linear.b").requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = MatMul.linear(x, w, b);
            assertArrayEquals(new int[] {2, 5, 6}, y.shape());
            golden("linear.y", f, y);
            tape.backward(y, f.tensor("linear.gy"));
            golden("linear.gx", f, x.grad());
            golden("linear.gw", f, w.grad());
            golden("linear.gb", f, b.grad());
        }

        Tensor a = f.tensor("matmul.a").requiresGrad(true), bt = f.tensor("matmul.bt").requiresGrad(true);
        Tensor bView = bt.transposeLast2().requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor c = MatMul.matmul(a, bView);
            golden("matmul.c", f, c);
            tape.backward(c, f.tensor("matmul.gc"));
            golden("matmul.ga", f, a.grad());
            // the view's gradient is laid out logically (…, K, N): compare it with PyTorch's transposed back
            golden("matmul.gbt", f, bView.grad().transposeLast2());
        }
    }

    private static void golden(String name, SafetensorsFile f, Tensor actual) {
        Tensor expected = f.tensor(name);
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        Approx.assertClose(name, expected.toFloatArray(), actual.toFloatArray(), 1e-4, 1e-5);
    }
}
