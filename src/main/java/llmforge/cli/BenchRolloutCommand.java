package llmforge.cli;

import llmforge.data.ConfigLoader;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.train.ppo.PpoConfig;
import llmforge.train.ppo.RlPrompt;
import llmforge.train.ppo.RlTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code llmforge bench rollout --config FILE}: one RL rollout batch (the config's prompts, sampling and length)
 * sampled with the batched KV cache and with the recomputing baseline ({@code Generator.recomputing}), same
 * seeds, same run: tokens/s of each and the speed-up.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Time one RL rollout batch: batched KV-cache sampling vs recomputing the prefix at every token.")
public final class BenchRolloutCommand implements Runnable {
    @Option(names = "--config", required = true, description = "RL config (examples/ppo-toy.yaml, examples/ppo.yaml)")
    Path config;

    @Option(names = "--repeats", defaultValue = "3", description = "timed batches per generator (default ${DEFAULT-VALUE})")
    int repeats;

    @Override public void run() {
        PpoConfig cfg = ConfigLoader.load(config, PpoConfig.class);
        RlTraining.Bench b = RlTraining.benchSetup(cfg);
        Decoder policy = b.policy();
        policy.train(false);
        GenerationConfig gc = new GenerationConfig(cfg.maxNewTokens(), new SamplingConfig(cfg.temperature(), cfg.topK(), cfg.topP(), 1.0),
                cfg.train().seed(), b.eosIds(), List.of());
        List<int[]> prompts = b.prompts().stream().map(RlPrompt::ids).toList();
        Generator cached = Generator.cached(policy, null), recomputing = Generator.recomputing(policy, null);
        cached.generate(prompts, gc);   // JIT warm-up
        recomputing.generate(prompts, gc.withMaxNewTokens(Math.min(4, cfg.maxNewTokens())));
        double[] c = time(cached, prompts, gc), r = time(recomputing, prompts, gc);
        System.out.printf(Locale.ROOT, "{\"rows\": %d, \"max_new_tokens\": %d, \"cached_tokens_per_s\": %.1f, \"recomputing_tokens_per_s\": %.1f, \"speedup\": %.2f}%n",
                prompts.size(), cfg.maxNewTokens(), c[0] / c[1], r[0] / r[1], (c[0] / c[1]) / (r[0] / r[1]));
    }

    /** {tokens, seconds} over the repeats. */
    private double[] time(Generator g, List<int[]> prompts, GenerationConfig gc) {
        long tokens = 0, t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) tokens += g.generate(prompts, gc).stream().mapToLong(x -> x.tokens().length).sum();
        return new double[] {tokens, (System.nanoTime() - t0) / 1e9};
    }
}
