package llmforge.cli;

import llmforge.data.ConfigLoader;
import llmforge.train.PretrainConfig;
import llmforge.train.Pretraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge pretrain --config FILE [--resume]}: next-token pretraining on packed shards. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pretrain a decoder on packed shards (checkpoints, metrics.jsonl and an HTML report in the output folder).")
public final class PretrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "pretraining config (YAML or JSON), e.g. examples/pretrain.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Override public Integer call() throws Exception {
        PretrainConfig cfg = ConfigLoader.load(config, PretrainConfig.class);
        Pretraining.Outcome o = Pretraining.run(cfg, resume, System.err);
        print(spec.commandLine().getOut(), o);
        return 0;
    }

    static void print(java.io.PrintWriter out, Pretraining.Outcome o) {
        var r = o.result();
        out.printf(Locale.ROOT, "%s after %d steps (%d skipped): %.0f tokens/s%n", r.interrupted() ? "stopped" : "done",
                r.step(), r.skippedSteps(), r.tokensPerSecond());
        r.lastEvaluation().ifPresent(e -> out.printf(Locale.ROOT,
                "val loss %.4f nats/token (perplexity %.2f); val unigram entropy %.4f nats/token%n", e.valLoss(), e.perplexity(), o.unigramEntropy()));
        out.println("checkpoints: " + o.output().resolve("checkpoints") + r.lastCheckpoint().map(p -> " (latest " + p.getFileName() + ")").orElse(""));
        out.println("metrics: " + o.metrics());
        out.println("report: " + o.report());
        out.flush();
    }
}
