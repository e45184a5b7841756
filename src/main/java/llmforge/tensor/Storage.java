package llmforge.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The float32 buffer behind a tensor and its views. Native memory addressed with long offsets, so a tensor may
 * hold more than 2^31 elements. A storage owned by a {@link MemoryScope} goes back to the pool when the scope
 * closes; touching it afterwards is a bug, reported as such rather than reading recycled data.
 */
public final class Storage {
    private MemorySegment segment;
    private MemorySegment buffer;   // what was allocated: a pooled buffer may be longer than the tensor needs
    private final long floats;
    private final boolean scoped;
    private String discarded;   // why a persistent buffer was freed (see discard)

    Storage(MemorySegment buffer, long floats, boolean scoped) {
        long bytes = Math.max(1, floats) * Float.BYTES;
        this.buffer = buffer;
        this.segment = buffer.byteSize() > bytes ? buffer.asSlice(0, bytes) : buffer;
        this.floats = floats;
        this.scoped = scoped;
    }

    /** Garbage-collected, zero-filled storage that belongs to no scope (parameters, optimiser state, caches). */
    public static Storage persistent(long floats) {
        return new Storage(allocateNative(floats), floats, false);
    }

    /** Native, zero-filled, freed by the GC; counted against -XX:MaxDirectMemorySize, hence the hint. */
    static MemorySegment allocateNative(long floats) {
        try {
            return Arena.ofAuto().allocate(Math.max(1, floats) * Float.BYTES, 64);
        } catch (OutOfMemoryError e) {
            throw new OutOfMemoryError("cannot allocate a tensor of " + floats + " floats (" + (floats >> 18)
                    + " MiB): " + e.getMessage() + ". Raise the limit with LLMFORGE_JAVA_OPTS=-XX:MaxDirectMemorySize=<size>");
        }
    }

    public long floats() { return floats; }

    /** Whether this buffer belongs to a memory scope (and goes back to the pool when it closes). */
    public boolean scoped() { return scoped; }

    public MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null) {
            if (discarded != null) throw new IllegalStateException(discarded);
            throw new IllegalStateException("tensor used after its step ended: its buffer was returned to the pool "
                    + "when the Tape/MemoryScope closed; copy what you need to keep with Tensor.persistentCopy()");
        }
        return s;
    }

    /**
     * Frees a persistent buffer whose values now live elsewhere (a frozen weight kept in bf16): the GC returns the
     * native memory once no view holds it, and any later use fails with {@code why}.
     */
    public void discard(String why) {
        if (scoped) throw new IllegalStateException("a scoped buffer goes back to the pool with its scope, not by discard");
        segment = null;
        buffer = null;
        discarded = why;
    }

    /** Detaches the whole buffer (for the pool); any later use of this storage fails loudly. */
    MemorySegment release() {
        MemorySegment b = buffer;
        segment = null;
        buffer = null;
        return b;
    }

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
}
