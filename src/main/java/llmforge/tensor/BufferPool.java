package llmforge.tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * Recycles native buffers. Training repeats the same shapes every step, so after the first step every activation
 * and gradient buffer comes from here and the hot path allocates nothing. Shapes that change from step to step
 * (SFT's packed batches hold 7 to 11 rows) are served too: a request takes the smallest idle buffer of at least its
 * size and at most twice it (the tensor's {@link Storage} sees a slice of its own size). With exact sizes every
 * change of shape missed the pool, and fresh zeroed memory took 17 % of an SFT step. Sizes are rounded up to eight
 * classes per octave so that near-equal requests share buffers.
 *
 * <p>Shapes that vary (prompt and answer widths in PPO and DPO, growing KV caches) would leave idle buffers of sizes
 * never asked for again; kept, they filled the direct-memory limit (PPO once died there, and a pipeline's late
 * stages ran 3-6x slower in one long process than in a fresh one). So the idle bytes are capped at the most the
 * pool's buffers were ever in use at once (at least 256 MiB for the shared pool), the least recently returned going
 * first. Buffers are garbage-collected ({@code Arena.ofAuto}): one arena per buffer, closed on eviction, would free
 * at once, but closing a shared arena runs a handshake with every thread that may deoptimise compiled kernels
 * touching memory segments, and the demo's SFT ran about 4x slower that way. Instead the pool asks for a collection
 * after every {@link #COLLECT_AFTER_BYTES} it drops.
 */
final class BufferPool {
    static final BufferPool SHARED = new BufferPool(256L << 20);
    static final long COLLECT_AFTER_BYTES = 1L << 30;

    private final TreeMap<Long, ArrayDeque<MemorySegment>> free = new TreeMap<>();
    /** Idle buffers, least recently returned first (address → buffer). */
    private final LinkedHashMap<Long, MemorySegment> idleOrder = new LinkedHashMap<>();
    /** Idle bytes always allowed: small runs never evict. */
    private final long minIdleBytes;
    private long pooledBytes, inUseBytes, peakInUseBytes, droppedBytes;

    BufferPool(long minIdleBytes) { this.minIdleBytes = minIdleBytes; }

    /** An idle or new buffer of at least {@code floats} floats (stale contents). */
    synchronized MemorySegment take(long floats) {
        long bytes = sizeClass(Math.max(1, floats) * Float.BYTES);
        var fit = free.ceilingEntry(bytes);
        MemorySegment s;
        if (fit != null && fit.getKey() <= 2 * bytes) {
            s = fit.getValue().pop();
            if (fit.getValue().isEmpty()) free.remove(fit.getKey());
            idleOrder.remove(s.address());
            pooledBytes -= s.byteSize();
        } else {
            s = allocate(bytes);
        }
        inUseBytes += s.byteSize();
        peakInUseBytes = Math.max(peakInUseBytes, inUseBytes);
        return s;
    }

    synchronized void give(MemorySegment s) {
        long bytes = s.byteSize();
        inUseBytes -= bytes;
        free.computeIfAbsent(bytes, k -> new ArrayDeque<>()).push(s);
        idleOrder.put(s.address(), s);
        pooledBytes += bytes;
        long cap = Math.max(minIdleBytes, peakInUseBytes);
        while (pooledBytes > cap) evictOldest();
    }

    /** The buffer size a request of {@code bytes} gets: a multiple of 64 up to 1 KiB, then 8 steps per octave. */
    static long sizeClass(long bytes) {
        if (bytes <= 1024) return (bytes + 63) / 64 * 64;
        long step = Long.highestOneBit(bytes) >> 3;
        return (bytes + step - 1) / step * step;
    }

    /** Bytes held idle in the pool (reported by memory benchmarks). */
    synchronized long pooledBytes() { return pooledBytes; }

    /** Drops every idle buffer (the GC frees it), and forgets the high-water mark (the next work may need less). */
    synchronized void clear() {
        while (!idleOrder.isEmpty()) evictOldest();
        peakInUseBytes = inUseBytes;
    }

    private MemorySegment allocate(long bytes) {
        long floats = bytes / Float.BYTES;
        try {
            return Storage.allocateNative(floats);
        } catch (OutOfMemoryError e) {
            // over the direct-memory limit: drop what sits idle (the allocator's own collection then frees it), retry
            if (pooledBytes == 0) throw e;
            while (!idleOrder.isEmpty()) evictOldest();
            return Storage.allocateNative(floats);
        }
    }

    private void evictOldest() {
        var oldest = idleOrder.pollFirstEntry();
        MemorySegment s = oldest.getValue();
        ArrayDeque<MemorySegment> q = free.get(s.byteSize());
        q.remove(s);
        if (q.isEmpty()) free.remove(s.byteSize());
        pooledBytes -= s.byteSize();
        droppedBytes += s.byteSize();
        if (droppedBytes >= COLLECT_AFTER_BYTES) {
            // dropped buffers are old-generation garbage: without this only the direct-memory limit would collect them
            droppedBytes = 0;
            System.gc();
        }
    }
}
