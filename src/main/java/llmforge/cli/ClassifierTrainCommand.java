package llmforge.cli;

import llmforge.data.ConfigLoader;
import llmforge.train.classify.ClassifierConfig;
import llmforge.train.classify.ClassifierTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge classifier train --config FILE [--resume]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune an encoder checkpoint with a classification head on the alignment data's harmful vs benign prompts.")
public final class ClassifierTrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "classifier config (YAML or JSON), e.g. examples/classifier.yaml")
    Path config;

    @Option(names = "--resume", description = "continue exactly from the latest checkpoint in the output folder")
    boolean resume;

    @Override public Integer call() throws Exception {
        ClassifierTraining.Outcome o = ClassifierTraining.run(ConfigLoader.load(config, ClassifierConfig.class), resume, System.err);
        PrintWriter out = spec.commandLine().getOut();
        var r = o.result();
        out.printf(Locale.ROOT, "%s after %d steps on %d prompts (%d harmful)%n", r.interrupted() ? "stopped" : "done", r.step(),
                o.trainPrompts(), o.harmfulPrompts());
        if (o.heldOut() != null) {
            var e = o.heldOut();
            out.printf(Locale.ROOT, "held-out accuracy %.4f over %d prompts; harmful caught %.3f, benign flagged %.3f; by language %s%n",
                    e.accuracy(), e.prompts(), e.harmfulRecall(), e.benignFlagged(), e.accuracyByLanguage());
        }
        out.println("checkpoints: " + o.output().resolve("checkpoints") + r.lastCheckpoint().map(p -> " (latest " + p.getFileName() + ")").orElse(""));
        out.println("report: " + o.report());
        out.flush();
        return 0;
    }
}
