package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.model.Encoder;
import llmforge.model.HfEncoderDirectory;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.train.classify.ClassifierTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code llmforge classifier predict --model DIR --text "..."}: one JSON line per text with its label and probabilities. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify texts with a sequence-classification encoder (JSON lines: text, label, probabilities).")
public final class ClassifierPredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "A classifier directory (BertForSequenceClassification, tokenizer.json).")
    Path model;

    @Option(names = "--text", required = true, description = "Text to classify (repeat for several).")
    List<String> texts;

    @Option(names = "--max-length", defaultValue = "128", description = "Tokens per text, longer ones cut (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Override public Integer call() throws Exception {
        if (maxLength < 3) throw new UserException("--max-length must be at least 3");
        Path tokFile = model.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException(model + ": no tokenizer.json");
        Tokenizer t = TokenizerJsonReader.read(tokFile);
        if (!(t instanceof WordPieceTokenizer tok)) throw new UserException(tokFile + ": a classifier needs a WordPiece tokenizer");
        Encoder m = HfEncoderDirectory.load(model);
        if (!m.config().isClassifier()) throw new UserException(model + ": a masked-LM model has no classification head (train one with llmforge classifier train)");
        List<String> labels = HfEncoderDirectory.readLabels(model);
        List<int[]> ids = new ArrayList<>();
        for (String text : texts) ids.add(ClassifierTraining.encode(tok, text, maxLength));
        float[] p = ClassifierTraining.probabilities(m, ids, 16);
        ObjectMapper json = new ObjectMapper();
        int k = labels.size();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode o = json.createObjectNode().put("text", texts.get(i));
            int best = 0;
            for (int c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
            o.put("label", labels.get(best));
            ObjectNode probs = o.putObject("probabilities");
            for (int c = 0; c < k; c++) probs.put(labels.get(c), p[i * k + c]);
            System.out.println(json.writeValueAsString(o));
        }
        return 0;
    }
}
