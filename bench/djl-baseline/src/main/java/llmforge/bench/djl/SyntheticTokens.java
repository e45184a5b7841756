package llmforge.bench.djl;

/**
 * The benchmark's data: one fixed batch of pseudo-random tokens, reused every step so the loss falls by
 * memorisation. A 64-bit LCG (Knuth's MMIX constants) rather than java.util.Random so that
 * bench/torch_baseline.py and llmforge generate the very same tokens from the same seed.
 */
final class SyntheticTokens {
    private SyntheticTokens() {}

    /** Returns {@code count} tokens in [0, vocab): state = state * A + C (mod 2^64), token = (state >>> 33) % vocab. */
    static long[] generate(long seed, int count, int vocab) {
        long state = seed;
        long[] tokens = new long[count];
        for (int i = 0; i < count; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            tokens[i] = (state >>> 33) % vocab;
        }
        return tokens;
    }
}
