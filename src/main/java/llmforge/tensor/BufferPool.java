package llmforge.tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles native buffers by exact size. Training repeats the same shapes every step, so after the first step
 * every activation and gradient buffer comes from here and the hot path allocates nothing.
 */
final class BufferPool {
    static final BufferPool SHARED = new BufferPool();

    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    private long pooledBytes;

    synchronized MemorySegment take(long floats) {
        long bytes = Math.max(1, floats) * Float.BYTES;
        ArrayDeque<MemorySegment> q = free.get(bytes);
        if (q != null && !q.isEmpty()) {
            pooledBytes -= bytes;
            return q.pop();
        }
        try {
            return Storage.allocateNative(floats);
        } catch (OutOfMemoryError e) {
            // idle buffers of sizes no longer asked for (shapes that vary: prompt widths, growing KV caches) can fill
            // the direct-memory limit; dropping them lets the allocator's own collection reclaim them, then retry
            if (pooledBytes == 0) throw e;
            clear();
            return Storage.allocateNative(floats);
        }
    }

    synchronized void give(MemorySegment s) {
        free.computeIfAbsent(s.byteSize(), k -> new ArrayDeque<>()).push(s);
        pooledBytes += s.byteSize();
    }

    /** Bytes held idle in the pool (reported by memory benchmarks). */
    synchronized long pooledBytes() { return pooledBytes; }

    /** Drops every idle buffer so the garbage collector can free it. */
    synchronized void clear() {
        free.clear();
        pooledBytes = 0;
    }
}
