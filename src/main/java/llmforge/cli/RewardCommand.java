package llmforge.cli;

import picocli.CommandLine.Command;

/** {@code llmforge reward}: train a reward model on rankings, or score answers with one. */
@Command(name = "reward", mixinStandardHelpOptions = true, description = "Reward model: train on ranked answers, score answers.",
        subcommands = {RewardTrainCommand.class, RewardScoreCommand.class})
public final class RewardCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
