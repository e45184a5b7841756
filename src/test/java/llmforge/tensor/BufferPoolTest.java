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
        assertEquals(4096, a.byteSize(), "4,000 bytes rounded up to their size class");
        pool.give(a);
        assertEquals(4096, pool.pooledBytes());
        MemorySegment b = pool.take(1000);
        assertEquals(a.address(), b.address());
        assertEquals(0, pool.pooledBytes());
    }

    @Test void aSizeThatChangesWithinItsClassReusesTheBuffer() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment a = pool.take(1000);
        pool.give(a);
        MemorySegment b = pool.take(990);                  // 3,960 bytes: the same 4,096-byte class
        assertEquals(a.address(), b.address());
    }

    @Test void aSmallerRequestTakesTheSmallestIdleBufferUpToTwiceItsSize() {
        BufferPool pool = new BufferPool(MB);
        MemorySegment big = pool.take(1000), bigger = pool.take(2000);     // 4,096 and 8,192 bytes
        pool.give(bigger);
        pool.give(big);
        MemorySegment mid = pool.take(600);                                // 2,560-byte class: the 4,096 fits
        assertEquals(big.address(), mid.address());
        MemorySegment small = pool.take(400);                              // 1,792: 8,192 is more than twice it
        assertNotEquals(bigger.address(), small.address());
        assertEquals(8192, pool.pooledBytes());
        pool.give(mid);
        assertEquals(8192 + 4096, pool.pooledBytes());
    }

    @Test void sizeClassesRoundUpByAtMostAnEighth() {
        assertEquals(64, BufferPool.sizeClass(4));
        assertEquals(1024, BufferPool.sizeClass(1000));
        assertEquals(1024 + 128, BufferPool.sizeClass(1028));
        for (long bytes = 1028; bytes < 1 << 26; bytes = bytes * 7 / 5 + 4) {
            long c = BufferPool.sizeClass(bytes);
            assertTrue(c >= bytes && c <= bytes + bytes / 8, bytes + " -> " + c);
            assertEquals(c, BufferPool.sizeClass(c), "a class is its own class");
        }
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
        assertEquals(832, pool.pooledBytes(), "200 floats in the 832-byte class");
        assertTrue(busy.scope().isAlive());
    }
}
