package llmforge.cli;

import llmforge.train.ppo.PpoConfig;
import llmforge.train.ppo.RlTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge ppo --config FILE [--resume]}: RLHF of a policy with PPO, GRPO or RLOO. */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = "RLHF with PPO (or GRPO / RLOO: 'algorithm' in the config); checkpoints, metrics.jsonl and report.html in the output folder.")
public final class PpoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "RL config (YAML or JSON), e.g. examples/ppo.yaml or examples/ppo-toy.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Mixin LoraOption lora;

    @Override public Integer call() throws Exception {
        PpoConfig cfg = lora.load(config, PpoConfig.class);
        RlTraining.Outcome o = RlTraining.run(cfg, resume, System.err);
        var out = spec.commandLine().getOut();
        var r = o.result();
        out.printf(Locale.ROOT, "%s after %d iterations; final β %.4g; %.0f%% of the time in rollouts, %.0f rollout tokens/s%n",
                r.interrupted() ? "stopped" : "done", r.iterations(), o.finalBeta(), 100 * r.rolloutShare(), r.rolloutTokensPerSecond());
        out.println("checkpoints: " + o.output().resolve("checkpoints"));
        out.println("metrics: " + o.metrics());
        out.println("report: " + o.report());
        out.flush();
        return 0;
    }
}
