package llmforge.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryScopePoolTest {
    @Test
    void releasePoolDropsEveryIdleBufferAndTheNextScopeStillWorks() {
        MemoryScope.clearPool();
        try (var s = MemoryScope.open()) {
            Tensor.empty(1000, 7);
            Tensor.empty(13);
        }
        assertTrue(MemoryScope.pooledBytes() >= (1000 * 7 + 13) * 4L, "closing the scope pools its buffers");
        MemoryScope.releasePool();
        assertEquals(0, MemoryScope.pooledBytes());
        try (var s = MemoryScope.open()) {
            Tensor t = Tensor.empty(1000, 7);
            t.fill(2f);
            assertEquals(2f, t.get(1000L * 7 - 1));
        }
    }

    @Test
    void aTensorOnALargerPooledBufferSeesExactlyItsOwnSize() {
        MemoryScope.releasePool();
        long address;
        try (var s = MemoryScope.open()) {
            address = Tensor.empty(1000).storage().segment().address();
        }
        try (var s = MemoryScope.open()) {
            Tensor t = Tensor.empty(700);                    // 2,800 bytes: the idle 4,096-byte buffer fits
            assertEquals(address, t.storage().segment().address());
            assertEquals(700 * 4, t.storage().segment().byteSize());
        }
        assertEquals(4096, MemoryScope.pooledBytes(), "the whole buffer went back to the pool");
    }
}
