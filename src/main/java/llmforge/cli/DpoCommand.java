package llmforge.cli;

import llmforge.train.dpo.DpoConfig;
import llmforge.train.dpo.DpoTraining;
import llmforge.train.dpo.PolicyEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge dpo --config FILE [--resume]}: direct preference optimisation (DPO, cDPO, IPO, hinge, RPO). */
@Command(name = "dpo", mixinStandardHelpOptions = true,
        description = "Tune a decoder on preference pairs with DPO or a variant (checkpoints, metrics, report with before/after evaluation).")
public final class DpoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "DPO config (YAML or JSON), e.g. examples/dpo.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Mixin LoraOption lora;

    @Override public Integer call() throws Exception {
        DpoConfig cfg = lora.load(config, DpoConfig.class);
        DpoTraining.Outcome o = DpoTraining.run(cfg, resume, System.err);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s after %d steps on %d pairs (%d held out)%n", o.result().interrupted() ? "stopped" : "done",
                o.result().step(), o.trainPairs(), o.heldOutPairs());
        o.result().lastEvaluation().ifPresent(e -> out.printf(Locale.ROOT, "held-out pair loss %.4f%n", e.valLoss()));
        line(out, "before", o.before());
        line(out, "after", o.after());
        out.println("model: " + o.model());
        out.println("report: " + o.report());
        out.flush();
        return 0;
    }

    private static void line(PrintWriter out, String when, PolicyEvaluation.Result r) {
        if (r == null) return;
        out.printf(Locale.ROOT, "%s: gold %.4f, refusal harmful %.2f / benign %.2f, KL %.3f, answer %.1f tokens%s%n", when,
                r.goldScore(), r.refusalHarmful(), r.refusalBenign(), r.klToReference(), r.meanAnswerTokens(),
                r.pretrainPerplexity() == null ? "" : String.format(Locale.ROOT, ", pretrain perplexity %.2f", r.pretrainPerplexity()));
    }
}
