package llmforge.cli;

import llmforge.train.reward.RewardConfig;
import llmforge.train.reward.RewardTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge reward train --config FILE [--resume]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a reward model (decoder + scalar head) on ranked answers: Bradley-Terry over all pairs of each prompt.")
public final class RewardTrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "reward config (YAML or JSON), e.g. examples/reward.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Mixin LoraOption lora;

    @Override public Integer call() throws Exception {
        RewardConfig cfg = lora.load(config, RewardConfig.class);
        RewardTraining.Outcome o = RewardTraining.run(cfg, resume, System.err);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s after %d steps; held-out pairwise accuracy %.3f over %d pairs (per family: %s)%n",
                o.result().interrupted() ? "stopped" : "done", o.result().step(), o.heldOut().overall().accuracy(),
                o.heldOut().overall().pairs(), families(o));
        out.printf(Locale.ROOT, "gold-judge disagreements: %d of %d strictly ordered pairs; calibration error %.3f%n",
                o.heldOut().goldDisagreements(), o.heldOut().goldPairs(), o.heldOut().expectedCalibrationError());
        if (cfg.usesAiFeedback()) out.printf(Locale.ROOT, "AI feedback: trained on %d rankings of the model's own answers%s%n", o.ownRankings(),
                o.ownHeldOut() == null ? "" : String.format(Locale.ROOT, "; on its own answers to the held-out prompts accuracy %.3f over %d pairs",
                        o.ownHeldOut().overall().accuracy(), o.ownHeldOut().overall().pairs()));
        out.println("model: " + o.model() + " (reward_stats.json: mean " + String.format(Locale.ROOT, "%.4f, std %.4f", o.stats().mean(), o.stats().std()) + ")");
        out.println("report: " + o.report());
        out.flush();
        return 0;
    }

    private static String families(RewardTraining.Outcome o) {
        StringBuilder sb = new StringBuilder();
        o.heldOut().byFamily().forEach((f, a) -> sb.append(sb.isEmpty() ? "" : ", ").append(f).append(String.format(Locale.ROOT, " %.2f", a.accuracy())));
        return sb.toString();
    }
}
