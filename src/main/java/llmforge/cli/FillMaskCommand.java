package llmforge.cli;

import llmforge.io.UserException;
import llmforge.model.Encoder;
import llmforge.model.FillMask;
import llmforge.model.HfEncoderDirectory;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.tokenizer.WordPieceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code llmforge fill-mask}: the encoder's top-k fillers for each [MASK] of a text. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Print the top-k predictions (token and probability) for every [MASK] in --text.")
public final class FillMaskCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "An encoder directory (config.json model_type bert, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--text", required = true, description = "Text containing one or more [MASK] tokens.")
    String text;

    @Option(names = "--top-k", defaultValue = "5", description = "Fillers to show per mask (default 5).")
    int topK;

    @Override public Integer call() throws Exception {
        if (topK < 1) throw new UserException("--top-k must be at least 1, got " + topK);
        Path tokFile = model.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException(model + ": no tokenizer.json");
        Tokenizer t = TokenizerJsonReader.read(tokFile);
        if (!(t instanceof WordPieceTokenizer wp)) throw new UserException(tokFile + ": fill-mask needs a WordPiece tokenizer");
        if (!text.contains(WordPieceTokenizer.MASK)) throw new UserException("--text has no " + WordPieceTokenizer.MASK + " token");
        Encoder m = HfEncoderDirectory.load(model);
        if (m.config().isClassifier()) throw new UserException(model + ": a sequence classifier has no masked-LM head");
        List<List<FillMask.Candidate>> all;
        try {
            all = FillMask.predict(m, wp, text, topK);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.size() > 1) System.out.println("[MASK] #" + (i + 1));
            for (FillMask.Candidate c : all.get(i)) System.out.printf("%-16s %.4f%n", c.token(), c.probability());
        }
        return 0;
    }
}
