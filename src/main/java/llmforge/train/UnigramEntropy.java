package llmforge.train;

import llmforge.data.ShardReader;

/**
 * The entropy (nats per token) of the empirical unigram distribution of a split's tokens: the loss of the best
 * model that ignores context, scored on those same tokens. A language model that learned anything sits far below.
 */
public final class UnigramEntropy {
    private UnigramEntropy() {}

    public static double of(ShardReader split) {
        long n = split.tokens();
        long[] counts = new long[Math.max(split.vocabSize(), 1)];
        int[] buf = new int[8192];
        for (long p = 0; p < n; p += buf.length) {
            int len = (int) Math.min(buf.length, n - p);
            split.read(p, buf, 0, len);
            for (int i = 0; i < len; i++) counts[buf[i]]++;
        }
        return ofCounts(counts);
    }

    /** The entropy of the distribution the counts (per token id) give. */
    public static double ofCounts(long[] counts) {
        long n = 0;
        for (long c : counts) n += c;
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double q = (double) c / n;
                h -= q * Math.log(q);
            }
        }
        return h;
    }
}
