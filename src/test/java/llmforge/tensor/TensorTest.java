package llmforge.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {
    @Test
    void viewsShareStorage() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor tt = t.transposeLast2();
        assertArrayEquals(new int[] {3, 2}, tt.shape());
        assertTrue(tt.isTransposedLast2());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tt.toFloatArray());
        Tensor row = t.select0(1);
        assertArrayEquals(new float[] {3, 4, 5}, row.toFloatArray());
        row.set(0, 30);
        assertEquals(30, t.get(3));
        assertArrayEquals(new int[] {3, 2}, t.view(-1, 2).shape());
        assertThrows(IllegalArgumentException.class, () -> t.view(4, -1));
        assertThrows(IllegalStateException.class, () -> tt.view(6));
    }

    @Test
    void scopedTensorsAreRecycledAndUseAfterCloseFailsLoudly() {
        Tensor kept;
        try (MemoryScope s = MemoryScope.open()) {
            kept = Tensor.zeros(1000);
            assertEquals(0f, kept.get(999));
        }
        Tensor dangling = kept;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dangling.get(0));
        assertTrue(e.getMessage().contains("after its step ended"));
        try (MemoryScope s = MemoryScope.open()) {
            Tensor again = Tensor.zeros(1000); // comes from the pool, still zeroed by zeros()
            assertEquals(0f, again.get(5));
        }
    }

    /** Tensors past 2^31 elements: offsets and sizes are longs end to end. */
    @Test
    void moreThanTwoToThe31Elements() {
        int rows = 2, cols = (1 << 30) + 32;
        Tensor big = Tensor.persistent(rows, cols);
        assertEquals((1L << 31) + 64, big.size());
        Tensor last = big.select0(1);
        assertEquals((long) cols, last.offset());
        last.set(cols - 1, 42f);
        assertEquals(42f, big.get(big.size() - 1));
        assertEquals(0f, big.get(big.size() - 2));
    }
}
