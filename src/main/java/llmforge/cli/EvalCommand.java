package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.model.ContextExtension;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
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
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llmforge eval --checkpoint DIR --input FILE [--seq-len N ...]}: the model's loss and perplexity on a text
 * file, as one JSON line (per window length with {@code --seq-len}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Print {\"tokens\": N, \"loss\": X, \"perplexity\": Y} for a UTF-8 text file under a checkpoint's model.")
public final class EvalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "a checkpoint or model directory (config.json, model.safetensors, tokenizer.json)")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "text file to score")
    Path input;

    @Option(names = "--seq-len", split = ",", description = "score in windows of these lengths (e.g. 64,128,256), one line each; "
            + "past a RoPE model's max_seq_len its positions extrapolate (\"beyond_context\": true). Default: max_seq_len.")
    List<Integer> seqLens;

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
        if (seqLens == null) {
            print(TextLoss.of(model, ids), null, false);
            return 0;
        }
        for (int len : seqLens) {
            DecoderConfig c = model.config();
            if (len < 1) throw new UserException("--seq-len " + len + ": must be at least 1");
            Decoder windowed = model;
            if (len > c.maxSeqLen()) {
                try {
                    windowed = new Decoder(ContextExtension.withWindow(c, len), 0);
                } catch (IllegalArgumentException e) {
                    throw new UserException("--seq-len " + len + ": " + e.getMessage());
                }
                HfModelDirectory.loadWeights(windowed, checkpoint);
            }
            print(TextLoss.of(windowed, ids, len), len, len > c.maxSeqLen());
        }
        return 0;
    }

    private void print(TextLoss.Result r, Integer seqLen, boolean beyondContext) {
        var json = new ObjectMapper().createObjectNode();
        if (seqLen != null) json.put("seq_len", seqLen).put("beyond_context", beyondContext);
        json.put("tokens", r.tokens()).put("loss", r.loss()).put("perplexity", r.perplexity());
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
    }
}
