package llmforge.cli;

import llmforge.data.ConfigLoader;
import llmforge.io.UserException;
import llmforge.train.PretrainConfig;
import llmforge.train.Pretraining;
import llmforge.train.mlm.MlmConfig;
import llmforge.train.mlm.MlmPretraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code llmforge pretrain --config FILE [--resume]}: next-token pretraining of a decoder on packed shards, or with
 * {@code objective: mlm} masked-language-model pretraining of a BERT-style encoder on text.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain a decoder on packed shards (objective: clm, the default) or a BERT-style encoder on text with "
                + "masked-language modelling (objective: mlm); checkpoints, metrics.jsonl and an HTML report in the output folder."})
public final class PretrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "pretraining config (YAML or JSON), e.g. examples/pretrain.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Override public Integer call() throws Exception {
        String objective = ConfigLoader.peek(config, "objective");
        if ("mlm".equals(objective)) {
            printMlm(spec.commandLine().getOut(), MlmPretraining.run(ConfigLoader.load(config, MlmConfig.class), resume, System.err));
            return 0;
        }
        if (objective != null && !objective.equals("clm")) {
            throw new UserException(config + ": 'objective' must be clm (next-token, a decoder) or mlm (masked tokens, an encoder), not '" + objective + "'");
        }
        PretrainConfig cfg = ConfigLoader.load(config, PretrainConfig.class, root -> root.remove("objective"));
        Pretraining.Outcome o = Pretraining.run(cfg, resume, System.err);
        print(spec.commandLine().getOut(), o);
        return 0;
    }

    static void printMlm(java.io.PrintWriter out, MlmPretraining.Outcome o) {
        var r = o.result();
        out.printf(Locale.ROOT, "%s after %d steps (%d skipped): %.0f masked tokens/s%n", r.interrupted() ? "stopped" : "done",
                r.step(), r.skippedSteps(), r.tokensPerSecond());
        r.lastEvaluation().ifPresent(e -> out.printf(Locale.ROOT,
                "val MLM loss %.4f nats/masked token (perplexity %.2f), accuracy %.4f; val unigram entropy %.4f nats/token%n",
                e.valLoss(), e.perplexity(), e.metrics().getOrDefault("accuracy", Double.NaN), o.unigramEntropy()));
        out.println("checkpoints: " + o.output().resolve("checkpoints") + r.lastCheckpoint().map(p -> " (latest " + p.getFileName()
                + "; llmforge fill-mask --model " + p + " --text \"... [MASK] ...\")").orElse(""));
        out.println("metrics: " + o.metrics());
        out.println("report: " + o.report());
        out.flush();
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
