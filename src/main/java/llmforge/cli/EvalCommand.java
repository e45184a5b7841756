package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.train.TextLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code llmforge eval --checkpoint DIR --input FILE}: the model's loss and perplexity on a text file, as one JSON line. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Print {\"tokens\": N, \"loss\": X, \"perplexity\": Y} for a UTF-8 text file under a checkpoint's model.")
public final class EvalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "a checkpoint or model directory (config.json, model.safetensors, tokenizer.json)")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "text file to score")
    Path input;

    @Override public Integer call() throws IOException {
        Path tokFile = checkpoint.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException(checkpoint + ": no tokenizer.json (needed to tokenise " + input + ")");
        if (!Files.isRegularFile(input)) throw new UserException("input " + input + " does not exist");
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        Decoder model = HfModelDirectory.load(checkpoint);
        if (tok.vocabSize() > model.config().vocabSize()) {
            throw new UserException(tokFile + " has " + tok.vocabSize() + " tokens, more than the model's vocabulary of " + model.config().vocabSize());
        }
        int[] ids = tok.encode(Files.readString(input, StandardCharsets.UTF_8));
        if (ids.length < 2) throw new UserException(input + ": needs at least 2 tokens of text, has " + ids.length);
        TextLoss.Result r = TextLoss.of(model, ids);
        var json = new ObjectMapper().createObjectNode().put("tokens", r.tokens()).put("loss", r.loss()).put("perplexity", r.perplexity());
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
