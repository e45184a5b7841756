package llmforge.tokenizer;

import java.util.Arrays;

/** An open-addressing map from long keys (packed token pairs) to long values, without boxing. */
final class LongLongHashMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private long[] values;
    private int size;

    LongLongHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
    }

    int size() { return size; }

    /** The value of {@code key}, or {@code missing}. */
    long get(long key, long missing) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return missing;
        }
    }

    void put(long key, long value) {
        int i = slot(key);
        if (keys[i] == EMPTY) { keys[i] = key; size++; }
        values[i] = value;
        if (size * 2 > keys.length) grow();
    }

    /** Adds {@code delta} to the value of {@code key} (absent counts as 0) and returns the new value. */
    long add(long key, long delta) {
        int i = slot(key);
        if (keys[i] == EMPTY) { keys[i] = key; size++; values[i] = 0; }
        long v = values[i] += delta;
        if (size * 2 > keys.length) grow();
        return v;
    }

    /** Calls {@code action} for every entry. */
    void forEach(java.util.function.LongBinaryOperator action) {
        for (int i = 0; i < keys.length; i++) if (keys[i] != EMPTY) action.applyAsLong(keys[i], values[i]);
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        return i;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldK = keys, oldV = values;
        keys = new long[oldK.length * 2];
        values = new long[oldK.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldK.length; i++) if (oldK[i] != EMPTY) put(oldK[i], oldV[i]);
    }

    static long pair(int a, int b) { return (long) a << 32 | (b & 0xFFFFFFFFL); }

    static int left(long pair) { return (int) (pair >>> 32); }

    static int right(long pair) { return (int) pair; }
}
