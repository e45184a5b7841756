package llmforge.cli;

import llmforge.train.AlignmentTable;
import llmforge.train.SftConfig;
import llmforge.train.SftTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge sft --config FILE [--resume]}: supervised fine-tuning on chat conversations. */
@Command(name = "sft", mixinStandardHelpOptions = true,
        description = "Fine-tune a checkpoint on chat conversations (loss on assistant tokens), with a base-vs-SFT evaluation in the report.")
public final class SftCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "SFT config (YAML or JSON), e.g. examples/sft.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Mixin LoraOption lora;

    @Override public Integer call() throws Exception {
        SftConfig cfg = lora.load(config, SftConfig.class);
        print(spec.commandLine().getOut(), SftTraining.run(cfg, resume, System.err));
        return 0;
    }

    static void print(PrintWriter out, SftTraining.Outcome o) {
        var r = o.result();
        out.printf(Locale.ROOT, "%s after %d steps (%d skipped): %.0f tokens/s; %d conversations (%d too long, dropped)%n",
                r.interrupted() ? "stopped" : "done", r.step(), r.skippedSteps(), r.tokensPerSecond(), o.conversations(), o.droppedTooLong());
        r.lastEvaluation().ifPresent(e -> out.printf(Locale.ROOT, "val answer loss %.4f nats/token (perplexity %.2f)%n", e.valLoss(), e.perplexity()));
        if (!o.comparisons().isEmpty()) {
            var last = o.comparisons().getLast();
            out.print(AlignmentTable.text(List.of(last.base(), last.sft())));
        }
        out.println("checkpoints: " + o.output().resolve("checkpoints") + r.lastCheckpoint().map(p -> " (latest " + p.getFileName() + ")").orElse(""));
        out.println("metrics: " + o.metrics());
        out.println("report: " + o.report());
        out.flush();
    }
}
