package llmforge.cli;

import llmforge.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code llmforge demo}: the whole recipe on the embedded corpus — the pipeline of examples/pipeline-demo.yaml
 * ({@code --quick}: examples/pipeline-quick.yaml). A rerun reuses what is finished and resumes what is not.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole recipe on the embedded demo corpus: tokenizer, data, pretraining, alignment data, SFT, reward model, "
                + "PPO and DPO, the models compared in one report.html (the pipeline of examples/pipeline-demo.yaml).")
public final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", defaultValue = "runs/demo", description = "run folder for everything the demo makes (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--quick", description = "a few-minute variant (examples/pipeline-quick.yaml: fewer steps; the models learn less)")
    boolean quick;

    @Override public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("llmforge.home", "."));
        Path file = home.resolve(quick ? "examples/pipeline-quick.yaml" : "examples/pipeline-demo.yaml");
        long t0 = System.nanoTime();
        Pipeline p = Pipeline.load(file, home, output);
        Pipeline.Outcome o = p.run(System.err);
        PrintWriter out = spec.commandLine().getOut();
        PipelineCommand.summary(out, p, o);
        out.printf(Locale.ROOT, "demo %s in %.0f s; `llmforge pipeline status --config %s --run-dir %s` lists the stages and their models%n",
                o.interrupted() ? "stopped" : "finished", (System.nanoTime() - t0) / 1e9, file, output);
        out.flush();
        return o.interrupted() ? 130 : 0;
    }
}
