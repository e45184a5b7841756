package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SumOfSquaresTest {
    @AfterEach
    void restoreThreads() { Parallel.setThreads(Parallel.defaultThreads()); }

    private static MemorySegment segment(float[] x, int off) {
        MemorySegment s = Arena.ofAuto().allocate((x.length + off) * 4L);
        MemorySegment.copy(x, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, off * 4L, x.length);
        return s;
    }

    @Test
    void matchesDoubleReferenceOnOddSizes() {
        for (int n : new int[] {0, 1, 3, 17, 255, 1000, 100003}) {
            float[] x = Approx.random(n, n, -3, 3);
            double expected = SumOfSquaresReference.of(Approx.toDouble(x));
            double actual = SumOfSquares.of(segment(x, 5), 5, n);
            assertEquals(expected, actual, 1e-12 * expected, "n=" + n);
        }
    }

    @Test
    void keepsSmallTermsNextToLargeOnes() {
        // in float, 1e8 + 1 + 1 + ... would stay 1e8; accumulated in double the ones count
        float[] x = new float[1001];
        x[0] = 1e4f;
        java.util.Arrays.fill(x, 1, x.length, 1f);
        assertEquals(1e8 + 1000, SumOfSquares.of(segment(x, 0), 0, x.length), 0);
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        float[] x = Approx.random(42, 100003, -1, 1);
        Parallel.setThreads(1);
        double one = SumOfSquares.of(segment(x, 1), 1, x.length);
        Parallel.setThreads(2);
        double two = SumOfSquares.of(segment(x, 1), 1, x.length);
        assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(two));
    }

    @Test
    void propagatesNonFiniteValues() {
        float[] x = Approx.random(1, 100, -1, 1);
        x[57] = Float.NaN;
        assertTrue(Double.isNaN(SumOfSquares.of(segment(x, 0), 0, x.length)));
        x[57] = Float.POSITIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, SumOfSquares.of(segment(x, 0), 0, x.length));
    }
}
