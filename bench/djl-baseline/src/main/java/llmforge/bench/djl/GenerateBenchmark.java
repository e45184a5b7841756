package llmforge.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Locale;

/**
 * Times greedy generation with a KV cache in libtorch through DJL: a GPT-2-shaped model with random weights (the
 * speed, not the text, is measured), the prompt in one forward, then one token per row per step. Prints one JSON
 * line per batch size on stdout; per-step timings and memory go to stderr. Prompts are the LCG tokens of
 * {@link SyntheticTokens}, as in `llmforge bench generate`, and the loop is the one llmforge's generator runs:
 * {@code new-tokens} tokens per row from one prefill and {@code new-tokens - 1} cached steps. The line names the
 * OMP_WAIT_POLICY it ran under: libtorch's OpenMP threads spin while they wait by default, which collapses when
 * other processes share the cores.
 *
 * <p>Usage: {@code GenerateBenchmark [--batch 1,8] [--prompt-tokens 32] [--new-tokens 64] [--warmup 1]
 * [--threads 2] [--seed S] [--vocab V --context T --d-model C --layers L --heads H]} (the shape defaults to GPT-2
 * small, llmforge's {@code gpt2} preset).
 */
public final class GenerateBenchmark {
    /** Largest difference allowed between cached and one-shot logits (fp32 rounding is ~1e-6 at this scale). */
    private static final double CACHE_TOLERANCE = 1e-4;

    private GenerateBenchmark() {}

    private record Settings(GptShape shape, List<Integer> batches, int promptTokens, int newTokens, int warmup,
                            int threads, long seed) {}

    /**
     * One generation: tokens[row][i], the last step's logits (B*V), the wall time of every forward and the resident
     * set after it (read outside the timed part), which must level off rather than grow step by step.
     */
    private record Run(long[][] tokens, float[] lastLogits, long[] stepNanos, double[] rssMb) {
        long totalNanos() {
            long sum = 0;
            for (long n : stepNanos) sum += n;
            return sum;
        }
    }

    public static void main(String[] args) {
        Settings s;
        try {
            s = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("djl-baseline generate: " + e.getMessage());
            System.exit(2);
            return;
        }
        Engine engine = Libtorch.start(s.threads(), s.seed());
        JniUtils.setGradMode(false);
        try (NDManager root = engine.newBaseManager();
             BenchmarkGpt model = new BenchmarkGpt(root.newSubManager(), s.shape(), false)) {
            for (int batch : s.batches()) benchmark(root, model, s, batch);
        }
    }

    private static Settings parse(String[] args) {
        Args a = new Args(args, "--batch", "--prompt-tokens", "--new-tokens", "--warmup", "--threads", "--seed",
                "--vocab", "--context", "--d-model", "--layers", "--heads");
        GptShape d = GptShape.GPT2;
        GptShape shape = new GptShape(a.count("--vocab", 1, d.vocab()), a.count("--context", 1, d.context()),
                a.count("--d-model", 1, d.dModel()), a.count("--layers", 1, d.layers()), a.count("--heads", 1, d.heads()));
        Settings s = new Settings(shape, a.counts("--batch", 1, List.of(1, 8)), a.count("--prompt-tokens", 1, 32),
                a.count("--new-tokens", 1, 64), a.count("--warmup", 0, 1), a.count("--threads", 1, 2),
                a.count("--seed", 0, 1337));
        if (s.promptTokens() + s.newTokens() - 1 > shape.context()) {
            throw new IllegalArgumentException("--prompt-tokens + --new-tokens - 1 exceed the context of " + shape.context());
        }
        return s;
    }

    private static void benchmark(NDManager root, BenchmarkGpt model, Settings s, int batch) {
        long[] prompts = SyntheticTokens.generate(s.seed(), batch * s.promptTokens(), s.shape().vocab());
        for (int w = 0; w < s.warmup(); w++) generate(root, model, prompts, batch, s.newTokens());
        Run run = generate(root, model, prompts, batch, s.newTokens());
        double peakMb = Libtorch.memoryMb("VmHWM:"); // before the check's long one-shot forward
        double diff = cacheCheck(root, model, prompts, batch, run);
        long[] steps = run.stepNanos();
        int n = steps.length, edge = Math.min(8, n - 1);
        System.err.printf(Locale.ROOT, "djl-baseline generate: batch %d prefill %.1f ms, cached steps 1-%d %.2f ms, "
                        + "last %d %.2f ms; rss after the prefill %.0f MB, half-way %.0f, at the end %.0f; row 0 starts %s; cached vs one-shot logits %.2e%n",
                batch, steps[0] / 1e6, edge, meanMs(steps, 1, 1 + edge), edge, meanMs(steps, n - edge, n),
                run.rssMb()[0], run.rssMb()[n / 2], run.rssMb()[n - 1], firstTokens(run.tokens()[0]), diff);
        if (!(diff <= CACHE_TOLERANCE)) {
            throw new IllegalStateException("cached decoding differs from the one-shot forward by " + diff);
        }
        double seconds = run.totalNanos() / 1e9;
        // a single new token has no cached step: the key is left out rather than printed as NaN (not JSON)
        String decode = n > 1 ? String.format(Locale.ROOT, "\"decode_ms_per_step\": %.2f, ", meanMs(steps, 1, n)) : "";
        System.out.printf(Locale.ROOT, "{\"bench\": \"generate\", \"system\": \"%s\", \"batch\": %d, \"prompt_tokens\": %d, "
                        + "\"new_tokens\": %d, \"threads\": %d, \"tokens_per_s\": %.2f, \"prefill_ms\": %.1f, %s"
                        + "\"rss_mb\": %.1f, \"cache_max_abs_diff\": %.2e, \"omp_wait_policy\": \"%s\"}%n",
                Libtorch.SYSTEM, batch, s.promptTokens(), s.newTokens(), JniUtils.getNumThreads(),
                (double) batch * s.newTokens() / seconds, steps[0] / 1e6, decode, peakMb, diff,
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"));
    }

    /**
     * Greedy decoding: the (B, P) prompts in one forward, then each row's argmax fed back one step at a time. Every
     * step's arrays live in a manager closed at the end of the step, so memory stays flat over the sequence.
     */
    private static Run generate(NDManager root, BenchmarkGpt model, long[] prompts, int batch, int newTokens) {
        int promptLength = prompts.length / batch;
        long[][] tokens = new long[batch][newTokens];
        long[] stepNanos = new long[newTokens];
        double[] rssMb = new double[newTokens];
        float[] lastLogits = null;
        try (KvCache cache = new KvCache(root, model.shape(), batch, promptLength + newTokens - 1)) {
            long[] ids = prompts;
            for (int i = 0; i < newTokens; i++) {
                long start = System.nanoTime();
                try (NDManager step = root.newSubManager()) {
                    NDArray logits = model.forwardCached(step.create(ids, new Shape(batch, ids.length / batch)), cache);
                    ids = logits.argMax(1).toLongArray();
                    if (i == newTokens - 1) lastLogits = logits.toFloatArray();
                }
                stepNanos[i] = System.nanoTime() - start;
                rssMb[i] = Libtorch.memoryMb("VmRSS:");
                for (int b = 0; b < batch; b++) tokens[b][i] = ids[b];
            }
        }
        return new Run(tokens, lastLogits, stepNanos, rssMb);
    }

    /**
     * Max |difference| between the last cached step's logits and one forward of the whole sequence it saw (prompt
     * plus all tokens fed back) through an empty cache: the cache must not change the result.
     */
    private static double cacheCheck(NDManager root, BenchmarkGpt model, long[] prompts, int batch, Run run) {
        int p = prompts.length / batch, fed = run.tokens()[0].length - 1, length = p + fed;
        long[] sequence = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(prompts, b * p, sequence, b * length, p);
            System.arraycopy(run.tokens()[b], 0, sequence, b * length + p, fed);
        }
        float[] oneShot;
        try (KvCache empty = new KvCache(root, model.shape(), batch, length); NDManager step = root.newSubManager()) {
            oneShot = model.forwardCached(step.create(sequence, new Shape(batch, length)), empty).toFloatArray();
        }
        double max = 0;
        for (int i = 0; i < oneShot.length; i++) max = Math.max(max, Math.abs(oneShot[i] - run.lastLogits()[i]));
        return max;
    }

    private static double meanMs(long[] nanos, int from, int to) {
        if (to <= from) return Double.NaN;
        long sum = 0;
        for (int i = from; i < to; i++) sum += nanos[i];
        return sum / 1e6 / (to - from);
    }

    private static String firstTokens(long[] row) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(8, row.length); i++) out.append(i == 0 ? "" : " ").append(row[i]);
        return out.append(row.length > 8 ? " ...]" : "]").toString();
    }
}
