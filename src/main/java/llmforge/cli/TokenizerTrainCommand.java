package llmforge.cli;

import llmforge.io.UserException;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerConfig;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.TrainingCorpus;
import llmforge.tokenizer.TrainingProgress;
import llmforge.tokenizer.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmforge tokenizer train}: learns a vocabulary and writes tokenizer.json and tokenizer_config.json. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a tokenizer on text files or folders (.txt, .jsonl with a \"text\" field, optionally .gz).")
public final class TokenizerTrainCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, arity = "1..*", description = "Files or folders to train on.")
    List<Path> inputs;

    @Option(names = "--vocab-size", required = true, description = "Tokens wanted, special tokens included.")
    int vocabSize;

    @Option(names = "--output", required = true, description = "The tokenizer.json to write (tokenizer_config.json goes beside it).")
    Path output;

    @Option(names = "--type", defaultValue = "bpe", description = "bpe (byte-level, GPT-style) or wordpiece (BERT-style). Default: ${DEFAULT-VALUE}.")
    String type;

    @Option(names = "--min-frequency", defaultValue = "2", description = "A pair seen fewer times is never merged. Default: ${DEFAULT-VALUE}.")
    long minFrequency;

    @Option(names = "--regex", defaultValue = "gpt2", description = "BPE pre-tokenizer split: gpt2 or llama3. Default: ${DEFAULT-VALUE}.")
    String regex;

    @Option(names = "--lowercase", description = "WordPiece: lower-case and strip accents (an uncased model).")
    boolean lowercase;

    @Override public Integer call() throws Exception {
        TrainingCorpus corpus = TrainingCorpus.of(inputs);
        long start = System.nanoTime();
        Tokenizer t = switch (type.toLowerCase(Locale.ROOT)) {
            case "bpe" -> BpeTrainer.train(corpus, new BpeTrainer.Options(vocabSize, minFrequency,
                    PreTokenizer.named(regex), SpecialToken.BPE_DEFAULTS), TrainingProgress.bars());
            case "wordpiece" -> WordPieceTrainer.train(corpus, new WordPieceTrainer.Options(vocabSize, minFrequency, lowercase),
                    TrainingProgress.bars());
            default -> throw new UserException("--type '" + type + "': expected bpe or wordpiece");
        };
        TokenizerJsonWriter.write(t, output);
        Path config = output.toAbsolutePath().resolveSibling("tokenizer_config.json");
        TokenizerConfig.write(t, config);
        System.err.printf(Locale.ROOT, "trained %s tokenizer: %d tokens in %.1f s -> %s, %s%n", type, t.vocabSize(),
                (System.nanoTime() - start) / 1e9, output, config);
        return 0;
    }
}
