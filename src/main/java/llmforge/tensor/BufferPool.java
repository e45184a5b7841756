package llmforge.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recycles native buffers by exact size. Training repeats the same shapes every step, so after the first step
 * every activation and gradient buffer comes from here and the hot path allocates nothing.
 *
 * <p>Shapes that vary (prompt and answer widths in PPO and DPO, growing KV caches) would leave idle buffers of sizes
 * never asked for again; kept, they filled the direct-memory limit, where every new allocation waits on a full
 * garbage collection (a pipeline's late stages ran 3-6x slower in one long process than in a fresh one). So the idle
 * bytes are capped at the most the pool's buffers were ever in use at once (at least 256 MiB for the shared pool), the
 * least recently returned going first, and every buffer has its own arena, so that dropping it frees its memory at
 * once instead of at some later collection.
 */
final class BufferPool {
    static final BufferPool SHARED = new BufferPool(256L << 20);

    /** Arena of every buffer this pool made, idle or in use, by address. */
    private final Map<Long, Arena> arenas = new HashMap<>();
    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    /** Idle buffers, least recently returned first (address → buffer). */
    private final LinkedHashMap<Long, MemorySegment> idleOrder = new LinkedHashMap<>();
    /** Idle bytes always allowed: small runs never evict. */
    private final long minIdleBytes;
    private long pooledBytes, inUseBytes, peakInUseBytes;

    BufferPool(long minIdleBytes) { this.minIdleBytes = minIdleBytes; }

    synchronized MemorySegment take(long floats) {
        long bytes = Math.max(1, floats) * Float.BYTES;
        ArrayDeque<MemorySegment> q = free.get(bytes);
        MemorySegment s;
        if (q != null && !q.isEmpty()) {
            s = q.pop();
            idleOrder.remove(s.address());
            pooledBytes -= bytes;
        } else {
            s = allocate(bytes);
        }
        inUseBytes += bytes;
        peakInUseBytes = Math.max(peakInUseBytes, inUseBytes);
        return s;
    }

    synchronized void give(MemorySegment s) {
        if (!arenas.containsKey(s.address())) throw new IllegalArgumentException("not a buffer of this pool");
        long bytes = s.byteSize();
        inUseBytes -= bytes;
        free.computeIfAbsent(bytes, k -> new ArrayDeque<>()).push(s);
        idleOrder.put(s.address(), s);
        pooledBytes += bytes;
        long cap = Math.max(minIdleBytes, peakInUseBytes);
        while (pooledBytes > cap) evictOldest();
    }

    /** Bytes held idle in the pool (reported by memory benchmarks). */
    synchronized long pooledBytes() { return pooledBytes; }

    /** Frees every idle buffer now, and forgets the high-water mark (the next work may need less). */
    synchronized void clear() {
        while (!idleOrder.isEmpty()) evictOldest();
        peakInUseBytes = inUseBytes;
    }

    private MemorySegment allocate(long bytes) {
        try {
            return allocateNew(bytes);
        } catch (OutOfMemoryError e) {
            // over the direct-memory limit: what sits idle here is the one thing that can be freed at once
            if (pooledBytes == 0) throw e;
            while (!idleOrder.isEmpty()) evictOldest();
            return allocateNew(bytes);
        }
    }

    private MemorySegment allocateNew(long bytes) {
        Arena arena = Arena.ofShared();
        MemorySegment s;
        try {
            s = Storage.allocateIn(arena, bytes);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw e;
        }
        arenas.put(s.address(), arena);
        return s;
    }

    private void evictOldest() {
        var oldest = idleOrder.pollFirstEntry();
        MemorySegment s = oldest.getValue();
        ArrayDeque<MemorySegment> q = free.get(s.byteSize());
        q.remove(s);
        if (q.isEmpty()) free.remove(s.byteSize());
        pooledBytes -= s.byteSize();
        arenas.remove(oldest.getKey()).close();
    }
}
