package llmforge.cli;

import llmforge.pipeline.Lineage;
import llmforge.pipeline.Pipeline;
import llmforge.pipeline.StageStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge pipeline status --config FILE}: each stage's state, key, time and folder. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each stage of a pipeline file: done / running / interrupted / failed / stale / pending, with its key, time and folder.")
public final class PipelineStatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "pipeline file (YAML), e.g. examples/pipeline-demo.yaml")
    Path config;

    @Option(names = "--run-dir", description = "run folder (default: the file's run_dir)")
    Path runDir;

    @Override public Integer call() {
        Pipeline p = Pipeline.load(config, Path.of(""), runDir);
        print(spec.commandLine().getOut(), p.runDir(), p.status());
        return 0;
    }

    static void print(PrintWriter out, Path runDir, List<StageStatus> rows) {
        out.println("run folder: " + runDir);
        out.printf(Locale.ROOT, "%-10s %-12s %-17s %-21s %9s  %s%n", "stage", "state", "key", "when (UTC)", "took", "folder / detail");
        for (StageStatus s : rows) {
            out.printf(Locale.ROOT, "%-10s %-12s %-17s %-21s %9s  %s%n", s.stage(), s.state(), s.key(), Lineage.shortTime(s.when()),
                    s.seconds() == null ? "-" : String.format(Locale.ROOT, "%.1f s", s.seconds()),
                    s.dir() + (s.detail().isEmpty() ? "" : " — " + s.detail()));
            if (s.model() != null) out.printf(Locale.ROOT, "%-23s chat with it: llmforge chat --model %s%n", "", s.model());
        }
        out.flush();
    }
}
