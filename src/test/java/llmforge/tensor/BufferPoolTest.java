package llmforge.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test void idleBytesStayUnderTheMostEverInUseTheLeastRecentlyReturnedGoingFirst() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment a = pool.take(MB / 4), b = pool.take(MB / 4);   // 1 MiB each, 2 MiB in use at once
        pool.give(a);
        pool.give(b);
        assertEquals(2 * MB, pool.pooledBytes());
        // shapes that vary: each new size is a new buffer; idle may not pass the 2 MiB high-water mark
        MemorySegment c = pool.take(MB / 8 * 3);                   // 1.5 MiB
        pool.give(c);
        assertEquals(MB / 2 * 3, pool.pooledBytes(), "a and b dropped, c kept");
        MemorySegment again = pool.take(MB / 8 * 3);
        assertEquals(c.address(), again.address());
        MemorySegment fresh = pool.take(MB / 4);
        assertNotEquals(a.address(), fresh.address(), "a dropped buffer is never handed out again");
        assertNotEquals(b.address(), fresh.address());
    }

    @Test void clearDropsEveryIdleBufferButNoneInUse() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment idle = pool.take(100), busy = pool.take(200);
        pool.give(idle);
        pool.clear();
        assertEquals(0, pool.pooledBytes());
        pool.give(busy);
        assertEquals(800, pool.pooledBytes());
        assertTrue(busy.scope().isAlive());
    }
}
