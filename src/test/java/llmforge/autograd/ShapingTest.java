package llmforge.autograd;

import llmforge.kernels.StridedCopyReference;
import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static llmforge.autograd.GradCheck.input;

class ShapingTest {
    /** Reference permutation in double via the scalar strided-copy twin. */
    static double[] permuteRef(double[] x, int[] shape, int[] dims) {
        long[] st = Shape.contiguousStrides(shape);
        int[] os = new int[dims.length];
        long[] ss = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            os[i] = shape[dims[i]];
            ss[i] = st[dims[i]];
        }
        double[] out = new double[x.length];
        StridedCopyReference.copy(x, 0, ss, os, out, 0, false);
        return out;
    }

    @Test
    void permuteAndTranspose() {
        int[] s = {2, 3, 4, 5};
        int[] dims = {0, 2, 1, 3};
        GradCheck.of("permute", t -> Shaping.permute(t[0], dims), x -> permuteRef(x[0], s, dims)).run(input(3, -1, 1, s));
        int[] dims2 = {3, 1, 0, 2};
        GradCheck.of("permute-inner", t -> Shaping.permute(t[0], dims2), x -> permuteRef(x[0], s, dims2)).run(input(4, -1, 1, s));
        GradCheck.of("transpose", t -> Shaping.transpose(t[0], -1, -2), x -> permuteRef(x[0], s, new int[] {0, 1, 3, 2}))
                .run(input(5, -1, 1, s));
    }

    @Test
    void transposeViewThenContiguousAndReshape() {
        int[] s = {3, 17, 5};
        // multiply by a fixed weight so the gradient is not uniform
        Tensor w = Tensor.persistent(3, 5, 17).copyFrom(llmforge.Approx.random(9, 255, -1, 1));
        double[] wd = w.toDoubleArray();
        GradCheck.of("transposeView", t -> Arithmetic.mul(Shaping.reshape(Shaping.transposeView(t[0]), 3, 5, 17), w),
                x -> {
                    double[] p = permuteRef(x[0], s, new int[] {0, 2, 1});
                    for (int i = 0; i < p.length; i++) p[i] *= wd[i];
                    return p;
                }).run(input(6, -1, 1, s));
    }

    @Test
    void sliceAndConcat() {
        int[] s = {3, 7, 4};
        GradCheck.of("slice dim1", t -> Shaping.slice(t[0], 1, 2, 5), x -> {
            double[] out = new double[3 * 3 * 4];
            int k = 0;
            for (int i = 0; i < 3; i++) for (int j = 2; j < 5; j++) for (int l = 0; l < 4; l++) out[k++] = x[0][(i * 7 + j) * 4 + l];
            return out;
        }).run(input(7, -1, 1, s));
        GradCheck.of("concat dim1", t -> Shaping.concat(1, t[0], t[1]), x -> {
            double[] out = new double[3 * 9 * 4];
            int k = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 7 * 4; j++) out[k++] = x[0][i * 28 + j];
                for (int j = 0; j < 2 * 4; j++) out[k++] = x[1][i * 8 + j];
            }
            return out;
        }).run(input(8, -1, 1, s), input(9, -1, 1, 3, 2, 4));
        GradCheck.of("concat last", t -> Shaping.concat(-1, t[0], t[1]), x -> {
            double[] out = new double[2 * 5];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) out[i * 5 + j] = x[0][i * 2 + j];
                for (int j = 0; j < 3; j++) out[i * 5 + 2 + j] = x[1][i * 3 + j];
            }
            return out;
        }).run(input(10, -1, 1, 2, 2), input(11, -1, 1, 2, 3));
    }
}
