package llmforge.cli;

import picocli.CommandLine.Command;

/** {@code llmforge bench <name>}: benchmarks that print one JSON line each. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark; each prints a JSON line.",
        subcommands = {BenchDedupCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
