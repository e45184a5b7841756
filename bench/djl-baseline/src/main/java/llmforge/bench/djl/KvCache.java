package llmforge.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the positions run so far: per layer two (B, H, capacity, D) buffers
 * allocated once, written in place one slice per step and read back as views of the filled prefix, so a step
 * neither copies the cache (as a concat would) nor allocates a buffer that grows with the sequence.
 */
final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys, values;
    private final int capacity;
    private int length;

    KvCache(NDManager parent, GptShape shape, int batch, int capacity) {
        if (capacity > shape.context()) {
            throw new IllegalArgumentException(capacity + " positions exceed the model's context of " + shape.context());
        }
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        Shape buffer = new Shape(batch, shape.heads(), capacity, shape.headDim());
        keys = new NDArray[shape.layers()];
        values = new NDArray[shape.layers()];
        for (int l = 0; l < keys.length; l++) {
            keys[l] = manager.zeros(buffer);
            values[l] = manager.zeros(buffer);
        }
    }

    /** Positions filled so far. */
    int length() { return length; }

    /**
     * Writes this step's k, v (B, H, T, D) of {@code layer} at positions [length, length + T) and returns the keys
     * and values of positions [0, length + T) as views in k's (the step's) manager. Call {@link #advance} once
     * every layer has run.
     */
    NDList extend(int layer, NDArray k, NDArray v) {
        int end = length + (int) k.getShape().get(2);
        if (end > capacity) throw new IllegalStateException("KV cache full: " + end + " positions exceed " + capacity);
        NDIndex fresh = new NDIndex().addAllDim(2).addSliceDim(length, end), filled = new NDIndex().addAllDim(2).addSliceDim(0, end);
        keys[layer].set(fresh, k);
        values[layer].set(fresh, v);
        NDManager step = k.getManager();
        return new NDList(keys[layer].get(step, filled), values[layer].get(step, filled));
    }

    /** Marks the positions just written in every layer as filled. */
    void advance(int t) { length += t; }

    @Override
    public void close() { manager.close(); }
}
