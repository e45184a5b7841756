package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

class ElementwiseTest {
    static MemorySegment seg(float[] v) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(1, v.length) * 4L);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
        return s;
    }

    static float[] floats(MemorySegment s, int n) {
        float[] out = new float[n];
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, out, 0, n);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 255, 1000, 70_001})
    void axpyAndScaleMatchReference(int n) {
        float[] x = Approx.random(1, n, -1, 1), y = Approx.random(2, n, -1, 1);
        double[] yd = Approx.toDouble(y);
        MemorySegment ys = seg(y);
        Elementwise.axpy(0.37f, seg(x), 0, ys, 0, n);
        ElementwiseReference.axpy(0.37f, Approx.toDouble(x), yd);
        Approx.assertClose("axpy", yd, Approx.toDouble(floats(ys, n)), 1e-6, 1e-6);
        Elementwise.scaleInPlace(ys, 0, n, -1.5f);
        ElementwiseReference.scale(yd, -1.5f);
        Approx.assertClose("scale", yd, Approx.toDouble(floats(ys, n)), 1e-6, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 255, 1000})
    void binaryWithRowAndScalarBroadcastMatchesReference(int inner) {
        int rows = 5;
        float[] a = Approx.random(3, rows * inner, -1, 1);
        float[] b = Approx.random(4, inner, 0.5, 1.5);     // broadcast along rows
        float[] c = Approx.random(5, rows, 0.5, 1.5);      // one value per row
        for (Elementwise.Op op : Elementwise.Op.values()) {
            MemorySegment out = Arena.ofAuto().allocate(rows * inner * 4L);
            double[] ref = new double[rows * inner];
            Elementwise.binary(op, seg(a), r -> r * inner, 1, seg(b), r -> 0, 1, out, 0, rows, inner);
            ElementwiseReference.binary(op, Approx.toDouble(a), r -> r * inner, 1, Approx.toDouble(b), r -> 0, 1, ref, rows, inner);
            Approx.assertClose(op + " row-broadcast", ref, Approx.toDouble(floats(out, rows * inner)), 1e-6, 1e-6);
            Elementwise.binary(op, seg(a), r -> r * inner, 1, seg(c), r -> r, 0, out, 0, rows, inner);
            ElementwiseReference.binary(op, Approx.toDouble(a), r -> r * inner, 1, Approx.toDouble(c), r -> r, 0, ref, rows, inner);
            Approx.assertClose(op + " per-row scalar", ref, Approx.toDouble(floats(out, rows * inner)), 1e-6, 1e-6);
        }
    }
}
