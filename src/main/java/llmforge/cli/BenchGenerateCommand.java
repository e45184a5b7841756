package llmforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code llmforge bench generate}: greedy generation with the KV cache (random weights, the same LCG prompts as
 * the baselines), batch by batch beside libtorch 2.7.1 through DJL running the same loop with its own cache
 * (bench/djl-baseline, `run.sh generate`) and, on request, llmforge recomputing the whole prefix every token.
 * Per batch: one JSON line per system, then one with the ratios.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Greedy KV-cache generation speed vs libtorch (DJL) and full recompute (JSON lines).")
public final class BenchGenerateCommand implements Runnable {
    @Option(names = "--preset", defaultValue = "gpt2", description = "Model preset, random weights (default ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--batch", split = ",", defaultValue = "1,8", description = "Batch sizes (default ${DEFAULT-VALUE}).")
    int[] batches;
    @Option(names = "--prompt-tokens", defaultValue = "32", description = "Prompt length (default ${DEFAULT-VALUE}).")
    int promptTokens;
    @Option(names = "--new-tokens", defaultValue = "64", description = "Tokens generated per row (default ${DEFAULT-VALUE}).")
    int newTokens;
    @Option(names = "--warmup", defaultValue = "1", description = "Untimed generations per system and batch first (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--threads", defaultValue = "2", description = "Threads for every system (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--seed", defaultValue = "1337", description = "Seed of the prompts and weights (default ${DEFAULT-VALUE}).")
    int seed;
    @Option(names = "--baselines", split = ",", defaultValue = "djl,djl-mkl-any-cpu",
            description = "Baselines beside llmforge's cached decoding: djl, djl-mkl-any-cpu (libtorch with MKL's vendor "
                    + "check answered 'Intel', so AMD CPUs get its AVX2/AVX-512 kernels; needs cc), recompute (slow), none "
                    + "(default ${DEFAULT-VALUE}).")
    List<String> baselines;

    private final ObjectMapper json = new ObjectMapper();

    @Override public void run() {
        if (promptTokens < 1 || newTokens < 1 || threads < 1 || warmup < 0) {
            throw new UserException("--prompt-tokens, --new-tokens and --threads must be >= 1, --warmup >= 0");
        }
        for (int b : batches) if (b < 1) throw new UserException("--batch sizes must be >= 1, got " + b);
        for (String b : baselines) {
            if (!List.of("djl", "djl-mkl-any-cpu", "recompute", "none").contains(b)) {
                throw new UserException("--baselines: unknown '" + b + "' (valid: djl, djl-mkl-any-cpu, recompute, none)");
            }
        }
        DecoderConfig c;
        try {
            c = DecoderConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (promptTokens + newTokens - 1 > c.maxSeqLen()) {
            throw new UserException("--prompt-tokens + --new-tokens - 1 exceed the " + preset + " context of " + c.maxSeqLen());
        }
        Parallel.setThreads(threads);
        Decoder model = new Decoder(c, seed);
        model.train(false);
        Map<String, List<String>> djl = new LinkedHashMap<>();
        for (String name : List.of("djl", "djl-mkl-any-cpu")) {
            List<String> cmd = baselines.contains(name) ? djlCommand(c, name.equals("djl-mkl-any-cpu")) : null;
            if (cmd != null) djl.put(name, cmd);
        }
        try {
            for (int b : batches) {
                List<int[]> prompts = prompts(c, b);
                Map<String, Object> ours = measure("llmforge", Generator.cached(model, null), prompts);
                print(ours);
                Map<String, Object> ratios = new LinkedHashMap<>();
                ratios.put("bench", "generate");
                ratios.put("batch", b);
                if (baselines.contains("recompute")) {
                    Map<String, Object> r = measure("llmforge-recompute", Generator.recomputing(model, null), prompts);
                    print(r);
                    ratios.put("kv_cache_vs_recompute", ratio(ours, r.get("tokens_per_s")));
                }
                for (var e : djl.entrySet()) {
                    List<String> cmd = new ArrayList<>(e.getValue());
                    cmd.addAll(List.of("--batch", String.valueOf(b)));
                    String line = BaselineProcess.lastLine("bench generate", e.getKey(), cmd);
                    if (line != null) {
                        JsonNode r = json.readTree(line);
                        System.out.println(r);
                        ratios.put("llmforge_vs_" + e.getKey(), ratio(ours, r.get("tokens_per_s").asDouble()));
                    }
                }
                if (ratios.size() > 2) print(ratios);
            }
        } catch (IOException e) {
            throw new UserException("bench generate: " + e.getMessage(), e);
        }
    }

    /**
     * The DJL baseline's command for this model without its --batch, or null (with the reason) where it cannot
     * run the model: it builds only the GPT-2 block (tied embeddings, MLP 4 × d_model, no MoE).
     */
    private List<String> djlCommand(DecoderConfig c, boolean mklAnyCpu) {
        if (!c.isGpt2() || !c.tiedEmbeddings() || c.dFf() != 4 * c.dModel() || c.moe().isSparse()) {
            System.err.println("bench generate: the DJL baseline builds only GPT-2-style models; skipping it for preset " + preset);
            return null;
        }
        List<String> cmd = BaselineProcess.djlCommand("bench generate");
        if (cmd == null) return null;
        cmd.add("generate");
        if (mklAnyCpu) cmd.add("--mkl-any-cpu");
        for (Object[] flag : new Object[][]{{"--vocab", c.vocabSize()}, {"--context", c.maxSeqLen()},
                {"--d-model", c.dModel()}, {"--layers", c.nLayers()}, {"--heads", c.nHeads()},
                {"--prompt-tokens", promptTokens}, {"--new-tokens", newTokens}, {"--warmup", warmup},
                {"--threads", threads}, {"--seed", seed}}) {
            cmd.addAll(List.of((String) flag[0], String.valueOf(flag[1])));
        }
        return cmd;
    }

    /** The baselines' prompts: row-major LCG tokens from the seed, so batch 1's prompt is batch 8's first row. */
    private List<int[]> prompts(DecoderConfig c, int batch) {
        int[] tokens = BenchTrainCommand.syntheticTokens(seed, batch * promptTokens, c.vocabSize());
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r < batch; r++) out.add(Arrays.copyOfRange(tokens, r * promptTokens, (r + 1) * promptTokens));
        return out;
    }

    /**
     * Warm-up runs, then one timed generation: tokens/s over all of it (prefill included), the time to the prefill's
     * logits and the mean time of one cached step after it (sampling plus forward), read from the forwards' ends.
     */
    private Map<String, Object> measure(String system, Generator g, List<int[]> prompts) {
        GenerationConfig config = new GenerationConfig(newTokens, SamplingConfig.GREEDY, 0, new int[0], List.of());
        for (int w = 0; w < warmup; w++) g.generate(prompts, config);
        long[] ends = new long[newTokens];
        int[] forwards = {0};
        Generator timed = g.afterEachForward(() -> ends[forwards[0]++] = System.nanoTime());
        long start = System.nanoTime();
        timed.generate(prompts, config);
        double total = (System.nanoTime() - start) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bench", "generate");
        row.put("system", system);
        row.put("preset", preset);
        row.put("batch", prompts.size());
        row.put("prompt_tokens", promptTokens);
        row.put("new_tokens", newTokens);
        row.put("threads", Parallel.threads());
        row.put("tokens_per_s", round(prompts.size() * newTokens / total));
        row.put("prefill_ms", round((ends[0] - start) / 1e6));
        if (newTokens > 1) row.put("decode_ms_per_step", round((ends[newTokens - 1] - ends[0]) / 1e6 / (newTokens - 1)));
        row.put("rss_mb", BenchTrainCommand.peakRssMb());
        System.err.printf(Locale.ROOT, "bench generate: %s batch %d done%n", system, prompts.size());
        return row;
    }

    private static double ratio(Map<String, Object> ours, Object theirs) {
        return Math.round(1000 * (double) ours.get("tokens_per_s") / ((Number) theirs).doubleValue()) / 1000.0;
    }

    private void print(Map<String, Object> row) {
        try {
            System.out.println(json.writeValueAsString(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double x) { return Math.round(x * 100) / 100.0; }
}
