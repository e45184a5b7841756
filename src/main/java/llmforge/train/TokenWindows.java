package llmforge.train;

import llmforge.data.ShardReader;
import llmforge.nn.SequenceLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Context windows cut from a shard split: random ones for training (micro-batch {@code n} draws from a generator
 * seeded by (seed, n) alone, so any position can be resumed without replaying the draws before it) and the
 * split's consecutive windows for validation. With {@code documentMasks}, each row carries per-token document ids
 * (attention stays inside a document) and positions restarting at every document start.
 */
public final class TokenWindows {
    private final int batch, seq;
    private final boolean documentMasks;

    public TokenWindows(int batch, int seq, boolean documentMasks) {
        this.batch = batch;
        this.seq = seq;
        this.documentMasks = documentMasks;
    }

    /** Micro-batch number {@code index} of the run seeded {@code seed}: B windows at random positions. */
    public TokenBatch random(ShardReader shards, long seed, long index) {
        long span = shards.tokens() - seq;   // a window needs seq + 1 tokens (inputs and shifted targets)
        if (span < 1) throw new IllegalArgumentException("the shards hold " + shards.tokens() + " tokens, fewer than one window of " + (seq + 1));
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (index + 1) * 0xC2B2AE3D27D4EB4FL);
        List<ShardReader.Window> rows = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) rows.add(shards.window(r.nextLong(span), seq + 1));
        return assemble(rows);
    }

    /** Consecutive, non-overlapping windows over the whole split (at most {@code maxTokens} targets), in batches. */
    public List<TokenBatch> consecutive(ShardReader shards, long maxTokens) {
        long windows = Math.min((shards.tokens() - 1) / seq, Math.max(1, maxTokens / seq));
        List<TokenBatch> out = new ArrayList<>();
        List<ShardReader.Window> rows = new ArrayList<>();
        for (long w = 0; w < windows; w++) {
            rows.add(shards.window(w * seq, seq + 1));
            if (rows.size() == batch || w == windows - 1) {
                out.add(assemble(rows));
                rows = new ArrayList<>();
            }
        }
        return out;
    }

    private TokenBatch assemble(List<ShardReader.Window> rows) {
        int b = rows.size();
        int[] in = new int[b * seq], tg = new int[b * seq];
        int[] pos = documentMasks ? new int[b * seq] : null, doc = documentMasks ? new int[b * seq] : null;
        for (int r = 0; r < b; r++) {
            int[] t = rows.get(r).tokens();
            System.arraycopy(t, 0, in, r * seq, seq);
            System.arraycopy(t, 1, tg, r * seq, seq);
            if (documentMasks) {
                int[] starts = rows.get(r).docStarts();
                int next = 0, id = r * (seq + 1), begin = 0;
                for (int i = 0; i < seq; i++) {
                    while (next < starts.length && starts[next] <= i) {
                        begin = starts[next++];
                        id++;
                    }
                    doc[r * seq + i] = id;
                    pos[r * seq + i] = i - begin;
                }
            }
        }
        return new TokenBatch(in, tg, new SequenceLayout(b, seq, pos, doc), (long) b * seq);
    }
}
