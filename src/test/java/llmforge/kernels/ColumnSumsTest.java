package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

class ColumnSumsTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @AfterEach void restoreThreads() { Parallel.setThreads(2); }

    private static float[] run(float[] x, float[] out0, int rows, int cols) {
        MemorySegment xs = Arena.ofAuto().allocate(x.length * 4L), os = Arena.ofAuto().allocate(out0.length * 4L);
        MemorySegment.copy(x, 0, xs, F, 0, x.length);
        MemorySegment.copy(out0, 0, os, F, 0, out0.length);
        ColumnSums.accumulate(xs, 0, rows, cols, cols, os, 0);
        return os.toArray(F);
    }

    @Test void matchesReferenceOnOddShapesAndAddsIntoOut() {
        for (int[] s : new int[][] {{1, 1}, {3, 17}, {255, 3}, {17, 1000}, {1000, 33}}) {
            int rows = s[0], cols = s[1];
            float[] x = Approx.random(1, rows * cols, -1, 1), out0 = Approx.random(2, cols, -1, 1);
            double[] expected = Approx.toDouble(out0);
            ColumnSumsReference.accumulate(Approx.toDouble(x), rows, cols, expected);
            Approx.assertClose(rows + "x" + cols, expected, Approx.toDouble(run(x, out0, rows, cols)), 1e-5, 1e-5 * rows);
        }
    }

    @Test void oneAndTwoThreadsGiveIdenticalBits() {
        float[] x = Approx.random(1, 513 * 300, -1, 1), out0 = new float[300];
        Parallel.setThreads(1);
        float[] one = run(x, out0, 513, 300);
        Parallel.setThreads(2);
        Approx.assertBitsEqual("column sums", one, run(x, out0, 513, 300));
    }
}
