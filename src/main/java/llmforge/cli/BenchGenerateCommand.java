package llmforge.cli;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code llmforge bench generate}: generation speed with the KV cache against recomputing the whole prefix for
 * every token, same model (random weights), same prompts, same run. One JSON line per batch size.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Time batched greedy generation with the KV cache vs full recompute per token.")
public final class BenchGenerateCommand implements Runnable {
    @Option(names = "--preset", defaultValue = "gpt2", description = "Model preset, random weights (default ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--batch", split = ",", defaultValue = "1,8", description = "Batch sizes (default ${DEFAULT-VALUE}).")
    int[] batches;
    @Option(names = "--prompt-tokens", defaultValue = "32", description = "Prompt length (default ${DEFAULT-VALUE}).")
    int promptTokens;
    @Option(names = "--new-tokens", defaultValue = "64", description = "Tokens generated per row (default ${DEFAULT-VALUE}).")
    int newTokens;
    @Option(names = "--no-baseline", description = "Skip the (slow) recompute baseline.")
    boolean noBaseline;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override public void run() {
        if (promptTokens < 1 || newTokens < 1) throw new UserException("--prompt-tokens and --new-tokens must be >= 1");
        if (threads != null) {
            if (threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
            Parallel.setThreads(threads);
        }
        DecoderConfig c;
        try {
            c = DecoderConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (promptTokens + newTokens > c.maxSeqLen()) {
            throw new UserException("--prompt-tokens + --new-tokens exceed the " + preset + " context of " + c.maxSeqLen());
        }
        Decoder model = new Decoder(c, 1);
        model.train(false);
        GenerationConfig config = new GenerationConfig(newTokens, SamplingConfig.GREEDY, 0, new int[0], List.of());
        Generator cached = Generator.cached(model, null), recomputing = Generator.recomputing(model, null);
        cached.generate(prompts(c, 1), config.withMaxNewTokens(4));            // JIT warm-up
        ObjectMapper json = new ObjectMapper();
        for (int b : batches) {
            if (b < 1) throw new UserException("--batch sizes must be >= 1, got " + b);
            List<int[]> prompts = prompts(c, b);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bench", "generate");
            row.put("preset", preset);
            row.put("batch", b);
            row.put("prompt_tokens", promptTokens);
            row.put("new_tokens", newTokens);
            row.put("threads", Parallel.threads());
            double withCache = tokensPerSecond(cached, prompts, config);
            row.put("kv_cache_tokens_per_s", round(withCache));
            if (!noBaseline) {
                double without = tokensPerSecond(recomputing, prompts, config);
                row.put("recompute_tokens_per_s", round(without));
                row.put("speedup", round(withCache / without));
            }
            try {
                System.out.println(json.writeValueAsString(row));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private List<int[]> prompts(DecoderConfig c, int batch) {
        SplittableRandom r = new SplittableRandom(batch);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) out.add(r.ints(promptTokens, 0, c.vocabSize()).toArray());
        return out;
    }

    // generated tokens (all rows) per second, prefill included
    private static double tokensPerSecond(Generator g, List<int[]> prompts, GenerationConfig config) {
        long start = System.nanoTime();
        g.generate(prompts, config);
        return (double) prompts.size() * config.maxNewTokens() / ((System.nanoTime() - start) / 1e9);
    }

    private static double round(double x) { return Math.round(x * 100) / 100.0; }
}
