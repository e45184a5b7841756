package llmforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code llmforge lora <sub>}: LoRA adapter tools. */
@Command(name = "lora", mixinStandardHelpOptions = true, description = "LoRA adapter tools.",
        subcommands = {LoraMergeCommand.class})
public final class LoraCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
