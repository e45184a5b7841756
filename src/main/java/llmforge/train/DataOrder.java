package llmforge.train;

import java.util.SplittableRandom;

/**
 * Epoch-shuffled order over a fixed dataset as a pure function of the item's position in the stream (so a resumed
 * run draws exactly what the uninterrupted one would): item j is element {@code j mod n} of epoch {@code j / n}'s
 * permutation, each epoch shuffled with its own seed.
 */
public final class DataOrder {
    private final int size;
    private final long seed;
    private long epoch = -1;
    private int[] permutation;

    public DataOrder(int size, long seed) {
        if (size < 1) throw new IllegalArgumentException("an empty dataset has no order");
        this.size = size;
        this.seed = seed;
    }

    public int index(long j) {
        long e = j / size;
        if (e != epoch) {
            permutation = new int[size];
            for (int i = 0; i < size; i++) permutation[i] = i;
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
            for (int i = size - 1; i > 0; i--) {
                int k = rnd.nextInt(i + 1), t = permutation[i];
                permutation[i] = permutation[k];
                permutation[k] = t;
            }
            epoch = e;
        }
        return permutation[(int) (j % size)];
    }
}
