package llmforge.cli;

import picocli.CommandLine.Command;

/** {@code llmforge classifier}: fine-tune an encoder to flag harmful requests, or classify texts with one. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Sequence classification with an MLM-pretrained encoder: train on harmful/benign prompts, predict.",
        subcommands = {ClassifierTrainCommand.class, ClassifierPredictCommand.class})
public final class ClassifierCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
