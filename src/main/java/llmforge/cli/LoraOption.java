package llmforge.cli;

import llmforge.data.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --lora} switch of the fine-tuning commands: LoRA with the config's {@code lora:} block, or its defaults. */
final class LoraOption {
    @Option(names = "--lora", description = "train LoRA adapters on the frozen model instead of every weight (settings from the "
            + "config's lora: block, else rank 8, alpha 16, dropout 0.05 on every attention and MLP projection)")
    boolean lora;

    /** The config, with an empty {@code lora:} block added when the switch is on and the config has none. */
    <T> T load(Path config, Class<T> type) {
        return ConfigLoader.load(config, type, root -> {
            if (lora && (!root.hasNonNull("lora"))) root.putObject("lora");
        });
    }
}
