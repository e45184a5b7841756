package llmforge.cli;

import llmforge.io.UserException;
import llmforge.pipeline.Pipeline;
import llmforge.train.AlignmentTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge pipeline --config FILE}: the whole recipe, reusing finished stages and resuming unfinished ones. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, subcommands = PipelineStatusCommand.class,
        description = {"Run every stage of a pipeline file (tokenizer, data, pretrain, synth, sft, reward, ppo, dpo), evaluate the models "
                + "and write one report.html. Each stage's folder is named by a hash of its config and inputs: finished stages are reused, "
                + "a changed stage reruns with everything after it, an interrupted stage resumes from its last checkpoint.",
                "`llmforge pipeline status --config FILE` shows each stage's state."})
public final class PipelineCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "pipeline file (YAML), e.g. examples/pipeline-demo.yaml")
    Path config;

    @Option(names = "--run-dir", description = "run folder (default: the file's run_dir)")
    Path runDir;

    @Override public Integer call() throws Exception {
        if (config == null) throw new UserException("pipeline: give --config FILE (e.g. examples/pipeline-demo.yaml)");
        Pipeline p = Pipeline.load(config, Path.of(""), runDir);
        Pipeline.Outcome o = p.run(System.err);
        summary(spec.commandLine().getOut(), p, o);
        return o.interrupted() ? 130 : 0;
    }

    /** What a run did and found: the stages, the models side by side, the warnings' verdicts, the report. */
    static void summary(PrintWriter out, Pipeline p, Pipeline.Outcome o) throws Exception {
        out.println();
        for (Pipeline.StageRun r : o.stages()) {
            out.printf(Locale.ROOT, "%-10s %-8s %s%s%n", r.stage(), r.action(), r.dir(),
                    r.action().equals("reused") ? "" : String.format(Locale.ROOT, " (%.1f s)", r.seconds()));
        }
        if (o.interrupted()) {
            out.println("interrupted: run the same command again to resume");
            out.flush();
            return;
        }
        var models = p.comparison();
        if (!models.isEmpty()) out.print("\n" + AlignmentTable.text(models));
        var verdicts = p.verdicts();
        if (!verdicts.isEmpty()) out.println();
        verdicts.forEach((k, v) -> out.println(k + ": " + v));
        out.println("\nreport: " + o.report());
        out.flush();
    }
}
