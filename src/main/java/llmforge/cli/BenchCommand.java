package llmforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code llmforge bench <name>}: speed benchmarks, each printing JSON lines with a baseline from the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure kernel and pipeline speed against baselines measured in the same run (JSON lines on stdout).",
        subcommands = {
                BenchPeakCommand.class,
                BenchRolloutCommand.class,
                BenchTrainCommand.class,
                BenchGemmCommand.class,
                BenchAttentionCommand.class,
                BenchNnOpsCommand.class,
                BenchAdamWCommand.class,
                BenchDedupCommand.class,
                BenchGenerateCommand.class,
                BenchMoeCommand.class,
                BenchAllReduceCommand.class,
                BenchDataParallelCommand.class,
                BenchMemoryCommand.class,
                BenchLoraCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }
}
