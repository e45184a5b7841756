package llmforge.generate;

import llmforge.model.Decoder;
import llmforge.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched autoregressive generation. Prompts of different lengths are left-padded to the longest (masked out of
 * attention, positions counted from each row's first real token), prefilled in one forward and extended one token
 * per row per step through the KV cache. A row that has finished keeps riding along until every row is done, its
 * outputs ignored. Sampling of row r uses its own {@code SplittableRandom} seeded by (seed, firstRow + r), so a
 * row's draws do not depend on what else is in the batch.
 */
public final class Generator {
    private final Decoder model;
    private final Tokenizer tokenizer;   // null: no text, no stop strings, no streaming
    private final boolean cached;
    private final Runnable afterForward; // null: nobody is timing the forwards

    private Generator(Decoder model, Tokenizer tokenizer, boolean cached, Runnable afterForward) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.cached = cached;
        this.afterForward = afterForward;
    }

    /** Generation with the KV cache; {@code tokenizer} may be null when only ids are wanted. */
    public static Generator cached(Decoder model, Tokenizer tokenizer) { return new Generator(model, tokenizer, true, null); }

    /** Generation that recomputes the whole prefix every step (the baseline the cache is checked against). */
    public static Generator recomputing(Decoder model, Tokenizer tokenizer) { return new Generator(model, tokenizer, false, null); }

    /** This generator, calling {@code listener} after the prefill and after every step's forward (benchmarks time them). */
    public Generator afterEachForward(Runnable listener) { return new Generator(model, tokenizer, cached, listener); }

    public List<Generation> generate(List<int[]> prompts, GenerationConfig config) {
        return generate(prompts, config, 0, null);
    }

    /**
     * Generates for every prompt; {@code firstRow} numbers the rows for seeding (so a long input processed in
     * chunks samples as if in one batch); {@code streamer} (may be null) gets each row's text as it grows.
     */
    public List<Generation> generate(List<int[]> prompts, GenerationConfig config, long firstRow, TextStreamer streamer) {
        if (prompts.isEmpty()) return List.of();
        if (tokenizer == null && (streamer != null || !config.stopStrings().isEmpty())) {
            throw new IllegalArgumentException("stop strings and streaming need a tokenizer");
        }
        int batch = prompts.size(), longest = 0;
        for (int r = 0; r < batch; r++) {
            if (prompts.get(r).length == 0) throw new IllegalArgumentException("prompt " + r + " is empty");
            longest = Math.max(longest, prompts.get(r).length);
        }
        int steps = config.maxNewTokens(), limit = model.config().maxSeqLen();
        if (longest + steps - 1 > limit) {
            throw new IllegalArgumentException("a prompt of " + longest + " tokens plus " + steps
                    + " new tokens exceeds the model's context of " + limit + " tokens");
        }
        int[] padding = new int[batch], padded = new int[batch * longest];
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            int[] p = prompts.get(r);
            padding[r] = longest - p.length;
            System.arraycopy(p, 0, padded, r * longest + padding[r], p.length);
            rows.add(new Row(r, p, new SplittableRandom(rowSeed(config.seed(), firstRow + r)), config, streamer));
        }
        LogitsSource source = cached ? new CachedLogits(model, batch, longest + steps - 1, padding)
                : new RecomputedLogits(model, batch, padding);
        Sampler sampler = new Sampler(config.sampling());
        float[][] logits = source.prefill(padded, longest);
        if (afterForward != null) afterForward.run();
        for (int step = 0; ; step++) {
            boolean anyActive = false;
            int[] next = new int[batch];
            for (Row row : rows) {
                if (!row.finished()) row.add(sampler.sample(logits[row.index], row.context, row.rng));
                anyActive |= !row.finished();
                next[row.index] = row.lastToken();
            }
            if (!anyActive || step == steps - 1) break;
            logits = source.step(next);
            if (afterForward != null) afterForward.run();
        }
        List<Generation> out = new ArrayList<>(batch);
        for (Row row : rows) out.add(row.result());
        return out;
    }

    /** Row r's sampling stream: a SplittableRandom seeded by (seed, r), independent of the batch around it. */
    static long rowSeed(long seed, long row) { return seed + row * 0x9E3779B97F4A7C15L; }

    /** One row's progress: tokens, log-probs, the context seen by the repetition penalty, text shown so far. */
    private final class Row {
        final int index;
        final BitSet context = new BitSet();
        final SplittableRandom rng;
        final GenerationConfig config;
        final TextStreamer streamer;
        final StopStrings stops;
        final int[] prompt;
        int[] tokens;
        float[] logProbs, rawLogProbs;
        int count, shown;
        String text;
        Generation.Finish finish;

        Row(int index, int[] prompt, SplittableRandom rng, GenerationConfig config, TextStreamer streamer) {
            this.index = index;
            this.prompt = prompt;
            this.rng = rng;
            this.config = config;
            this.streamer = streamer;
            this.stops = new StopStrings(config.stopStrings());
            for (int id : prompt) context.set(id);
            tokens = new int[config.maxNewTokens()];
            logProbs = new float[tokens.length];
            rawLogProbs = new float[tokens.length];
            text = tokenizer == null ? null : "";
        }

        boolean finished() { return finish != null; }

        int lastToken() { return count == 0 ? prompt[prompt.length - 1] : tokens[count - 1]; }

        void add(Sampler.Sample s) {
            tokens[count] = s.token();
            logProbs[count] = (float) s.logProb();
            rawLogProbs[count] = (float) s.rawLogProb();
            count++;
            context.set(s.token());
            if (config.isEos(s.token())) {
                finish = Generation.Finish.EOS;
            } else if (tokenizer != null) {
                text = tokenizer.decode(Arrays.copyOf(tokens, count));
                int stop = stops.find(text);
                if (stop >= 0) {
                    text = text.substring(0, stop);
                    finish = Generation.Finish.STOP_STRING;
                }
            }
            if (finish == null && count == tokens.length) finish = Generation.Finish.LENGTH;
            if (streamer != null) {
                int upTo = finished() ? text.length() : stops.safeLength(text);
                if (upTo > shown) {
                    streamer.text(index, text.substring(shown, upTo));
                    shown = upTo;
                }
            }
        }

        Generation result() {
            return new Generation(Arrays.copyOf(tokens, count), Arrays.copyOf(logProbs, count),
                    Arrays.copyOf(rawLogProbs, count), text, finish);
        }
    }
}
