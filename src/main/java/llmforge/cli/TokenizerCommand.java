package llmforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code llmforge tokenizer}: train, encode, decode, bench. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE or WordPiece tokenizer, encode and decode with a tokenizer.json.",
        subcommands = {TokenizerTrainCommand.class, TokenizerEncodeCommand.class, TokenizerDecodeCommand.class,
                BenchTokenizerCommand.class})
public final class TokenizerCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
