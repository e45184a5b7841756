package llmforge.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private static final long MB = 1 << 20;

    @Test void aReturnedBufferIsReusedForTheSameSize() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment a = pool.take(1000);
        pool.give(a);
        assertEquals(4000, pool.pooledBytes());
        MemorySegment b = pool.take(1000);
        assertEquals(a.address(), b.address());
        assertEquals(0, pool.pooledBytes());
    }

    @Test void idleBytesStayUnderTheMostEverInUseAndTheOldestAreFreedAtOnce() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment a = pool.take(MB / 4), b = pool.take(MB / 4);   // 1 MiB each, 2 MiB in use at once
        pool.give(a);
        pool.give(b);
        assertEquals(2 * MB, pool.pooledBytes());
        // shapes that vary: each new size is a new buffer; idle may not pass the 2 MiB high-water mark
        MemorySegment c = pool.take(MB / 8 * 3);                   // 1.5 MiB
        pool.give(c);
        assertTrue(pool.pooledBytes() <= 2 * MB, "idle " + pool.pooledBytes());
        assertFalse(a.scope().isAlive(), "the least recently returned buffer is freed");
        assertTrue(c.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> a.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, 0));
    }

    @Test void clearFreesEveryIdleBufferButNoneInUse() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment idle = pool.take(100), busy = pool.take(200);
        pool.give(idle);
        pool.clear();
        assertEquals(0, pool.pooledBytes());
        assertFalse(idle.scope().isAlive());
        assertTrue(busy.scope().isAlive());
        pool.give(busy);
        assertEquals(800, pool.pooledBytes());
    }

    @Test void aForeignBufferIsRefused() {
        BufferPool pool = new BufferPool(MB);
        assertThrows(IllegalArgumentException.class, () -> pool.give(java.lang.foreign.Arena.ofAuto().allocate(16)));
    }
}
