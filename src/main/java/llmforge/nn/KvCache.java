package llmforge.nn;

import llmforge.kernels.Attention;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.AttentionShape;
import llmforge.kernels.HeadsView;
import llmforge.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * Keys and values of every attention layer for the positions generated so far, so each new token attends to
 * them instead of recomputing the prefix. Per layer two persistent (B, capacity, Hkv, D) buffers.
 *
 * <p>Prompts of different lengths are LEFT-padded to a common length: row b starts with {@code padding[b]}
 * filler positions that no query may attend to (key padding mask), and its real tokens take positions
 * 0, 1, 2, ... counted from its first real token. All rows then share one cache length and every step appends
 * one column. Inference only: nothing here is recorded for backward.
 */
public final class KvCache {
    private final int batch, capacity, kvHeads, headDim;
    private final int[] padding;
    private final Tensor[] keys, values;
    private int length;

    public KvCache(int layers, int batch, int capacity, int kvHeads, int headDim, int[] padding) {
        if (padding.length != batch) throw new IllegalArgumentException(padding.length + " padding counts for batch " + batch);
        for (int p : padding) {
            if (p < 0 || p >= capacity) throw new IllegalArgumentException("padding " + p + " outside [0, " + capacity + ")");
        }
        this.batch = batch;
        this.capacity = capacity;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.padding = padding.clone();
        keys = new Tensor[layers];
        values = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = Tensor.persistent(batch, capacity, kvHeads, headDim);
            values[l] = Tensor.persistent(batch, capacity, kvHeads, headDim);
        }
    }

    public int batch() { return batch; }

    public int capacity() { return capacity; }

    /** Positions filled so far (padding included). */
    public int length() { return length; }

    /** Position ids (B*T, row-major) of the next {@code t} tokens: counted from each row's first real token. */
    public int[] nextPositions(int t) {
        if (length + t > capacity) {
            throw new IllegalArgumentException("KV cache full: " + length + " + " + t + " positions exceed its capacity " + capacity);
        }
        int[] pos = new int[batch * t];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) pos[b * t + i] = Math.max(0, length + i - padding[b]);
        }
        return pos;
    }

    /**
     * Appends this step's keys and values of {@code layer} and attends the new queries to every cached key.
     * q (B, T, Hq, D), k, v (B, T, Hkv, D), contiguous -> (B, T, Hq, D). Call {@link #advance} once all layers ran.
     */
    public Tensor attend(int layer, Tensor q, Tensor k, Tensor v) {
        int t = q.dim(1), heads = q.dim(2);
        append(keys[layer], k, t);
        append(values[layer], v, t);
        int s = length + t;
        Tensor out = Tensor.empty(batch, t, heads, headDim);
        Tensor lse = Tensor.empty(batch, heads, t);
        q.requireContiguous("cached attention");
        Attention.forward(new AttentionShape(batch, heads, kvHeads, t, s, headDim), mask(s),
                Attention.defaultScale(headDim), HeadsView.bthd(q.segment(), q.offset(), heads, t, headDim),
                cacheView(keys[layer]), cacheView(values[layer]),
                HeadsView.bthd(out.segment(), out.offset(), heads, t, headDim), lse.segment(), lse.offset());
        return out;
    }

    /** Marks the {@code t} positions just attended in every layer as filled. */
    public void advance(int t) { length += t; }

    private AttentionMask mask(int keys) {
        boolean padded = false;
        for (int p : padding) padded |= p > 0;
        if (!padded) return AttentionMask.CAUSAL;
        boolean[] valid = new boolean[batch * keys];
        for (int b = 0; b < batch; b++) {
            for (int j = padding[b]; j < keys; j++) valid[b * keys + j] = true;
        }
        return AttentionMask.CAUSAL.withKeyValid(valid);
    }

    // new (B, T, Hkv, D) rows into positions [length, length + T) of the (B, capacity, Hkv, D) buffer
    private void append(Tensor buffer, Tensor x, int t) {
        x.requireContiguous("KV cache append");
        if (x.dim(0) != batch || x.dim(1) != t || x.dim(2) != kvHeads || x.dim(3) != headDim) {
            throw new IllegalArgumentException("KV cache of batch " + batch + ", " + kvHeads + " kv heads, head dim "
                    + headDim + " cannot take " + x);
        }
        long row = (long) kvHeads * headDim;
        for (int b = 0; b < batch; b++) {
            MemorySegment.copy(x.segment(), (x.offset() + b * t * row) * Float.BYTES, buffer.segment(),
                    (buffer.offset() + ((long) b * capacity + length) * row) * Float.BYTES, t * row * Float.BYTES);
        }
    }

    // the buffer read as (B, S, Hkv, D) with S <= capacity: batch stride spans the whole capacity
    private HeadsView cacheView(Tensor buffer) {
        long row = (long) kvHeads * headDim;
        return new HeadsView(buffer.segment(), buffer.offset(), capacity * row, headDim, row);
    }
}
