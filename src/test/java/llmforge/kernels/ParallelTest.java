package llmforge.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParallelTest {
    @AfterEach
    void restore() { Parallel.setThreads(Parallel.defaultThreads()); }

    @Test
    void everyTaskRunsExactlyOnceForAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {1, 2, 7, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.forTasks(n, hits::incrementAndGet);
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "task " + i + " of " + n);
            }
        }
    }

    @Test
    void nestedCallsRunInline() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        Parallel.forTasks(4, i -> Parallel.forTasks(4, j -> hits.incrementAndGet(i * 4 + j)));
        for (int i = 0; i < 16; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void failureInATaskReachesTheCaller() {
        Parallel.setThreads(2);
        assertThrows(IllegalStateException.class, () -> Parallel.forTasks(8, i -> {
            if (i == 5) throw new IllegalStateException("boom");
        }));
        AtomicIntegerArray hits = new AtomicIntegerArray(3);
        Parallel.forTasks(3, hits::incrementAndGet); // the pool still works
        assertEquals(1, hits.get(2));
    }

    @Test
    void sumIsBitIdenticalAcrossThreadCounts() {
        int n = 300_001;
        MemorySegment x = Arena.ofAuto().allocate(n * 4L);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian());
        Parallel.setThreads(1);
        double one = Elementwise.sum(x, 0, n);
        Parallel.setThreads(2);
        double two = Elementwise.sum(x, 0, n);
        assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(two));
        double ref = 0;
        for (int i = 0; i < n; i++) ref += x.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        assertEquals(ref, one, 1e-3 * Math.sqrt(n));
    }
}
