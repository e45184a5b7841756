package llmforge.cli;

import llmforge.io.UserException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code llmforge} command: one subcommand per job. */
@Command(name = "llmforge", mixinStandardHelpOptions = true, version = "llmforge " + llmforge.pipeline.CodeVersion.RELEASE,
        description = "Train, fine-tune and align language models in pure Java.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TokenizerCommand.class,
                DataCommand.class,
                BenchCommand.class,
                PpoCommand.class,
                JudgeCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                PretrainCommand.class,
                EvalCommand.class,
                DemoCommand.class,
                RewardCommand.class,
                DpoCommand.class,
                FillMaskCommand.class,
                ClassifierCommand.class,
                LoraCommand.class,
                SftCommand.class,
                PipelineCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; user mistakes ({@link UserException}) print one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserException) {
                cmd.getErr().println("llmforge: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
