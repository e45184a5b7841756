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

    /**
     * Tensors past 2^31 elements: offsets and sizes are longs end to end. The 8 GiB buffer is a sparse memory-mapped
     * file, so the test touches only the pages it writes.
     */
    @Test
    void moreThanTwoToThe31Elements(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int rows = 2, cols = (1 << 30) + 32;
        long bytes = (long) rows * cols * Float.BYTES;
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("big.bin"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.SPARSE);
             var arena = java.lang.foreign.Arena.ofConfined()) {
            var seg = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            Tensor big = Tensor.wrap(seg, rows, cols);
            assertEquals((1L << 31) + 64, big.size());
            Tensor last = big.select0(1);
            assertEquals((long) cols, last.offset());
            last.set(cols - 1, 42f);
            assertEquals(42f, big.get(big.size() - 1));
            assertEquals(0f, big.get(big.size() - 2));
            Tensor quarters = big.view(4, -1); // each dim is an int; the total and every offset are longs
            assertEquals(42f, quarters.select0(3).get(quarters.dim(1) - 1));
        }
    }
}
