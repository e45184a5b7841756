package llmforge.train.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import llmforge.autograd.Grad;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.model.Encoder;
import llmforge.model.EncoderBatch;
import llmforge.model.EncoderConfig;
import llmforge.model.HfEncoderDirectory;
import llmforge.tensor.MemoryScope;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.train.CheckpointFiles;
import llmforge.train.RunReport;
import llmforge.train.StopSignal;
import llmforge.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A whole classifier fine-tuning run from its config (the API behind {@code llmforge classifier train}). */
public final class ClassifierTraining {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ClassifierTraining() {}

    /**
     * Held-out results: accuracy, the share of harmful prompts caught, the share of benign ones flagged, accuracy per
     * language, and the confusion counts ({@code confusion[label][predicted]}).
     */
    public record Evaluation(int prompts, double accuracy, double harmfulRecall, double benignFlagged,
                             Map<String, Double> accuracyByLanguage, int[][] confusion) {}

    public record Outcome(Trainer.Result result, Path output, Path report, Evaluation heldOut, int trainPrompts, int harmfulPrompts) {}

    public static Outcome run(ClassifierConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path init = Path.of(cfg.model()), out = Path.of(cfg.output());
        Path tokFile = init.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException("model: " + init + " holds no tokenizer.json");
        Tokenizer t = TokenizerJsonReader.read(tokFile);
        if (!(t instanceof WordPieceTokenizer tok)) throw new UserException("model: " + tokFile + " is not a WordPiece tokenizer (an encoder's)");
        EncoderConfig mc = HfEncoderDirectory.readConfig(init).withLabels(LabelledPrompt.LABELS.size());
        long seed = cfg.train().seed();
        Encoder model = new Encoder(mc, seed);
        int fresh = HfEncoderDirectory.loadBody(model, init);
        List<LabelledPrompt> train = LabelledPrompt.read(Path.of(cfg.data()), cfg.families());
        List<LabelledPrompt> held = cfg.evalData() == null ? List.of() : LabelledPrompt.read(Path.of(cfg.evalData()), cfg.families());
        int harmful = (int) train.stream().filter(p -> p.label() == 1).count();
        if (harmful == 0 || harmful == train.size()) throw new UserException(cfg.data() + ": the training prompts hold only one class");
        console.printf(Locale.ROOT, "classifier from %s (%s head): %d training prompts (%d harmful), %d held out%n", init,
                fresh > 0 ? "fresh" : "loaded", train.size(), harmful, held.size());
        ClassifierStage stage = new ClassifierStage(model, ids(train, tok, cfg.maxLength()), labels(train), ids(held, tok, cfg.maxLength()),
                labels(held), cfg.batchSize(), seed, LabelledPrompt.LABELS, CheckpointFiles.tokenizer(tokFile));
        Trainer<ClassifierStage.Batch> trainer = new Trainer<>(stage, cfg.train(), out, JSON.valueToTree(cfg), console);
        Trainer.Result r;
        Evaluation eval = null;
        Path report = out.resolve("report.html");
        try (StopSignal stop = StopSignal.install()) {
            r = trainer.run(resume || cfg.resume(), stop);
            if (!held.isEmpty()) {
                eval = evaluate(model, tok, held, cfg.maxLength(), cfg.batchSize());
                AtomicFiles.writeString(out.resolve("classifier_eval.json"), JSON.writeValueAsString(eval));
            }
            RunReport.write(report, new RunReport.Content("Harmful-request classifier " + out.getFileName(), mc.toString(),
                    model.parameterCount(), r, trainer.metrics(), trainer.evaluations(), Double.NaN), html(eval));
        }
        return new Outcome(r, out, report, eval, train.size(), harmful);
    }

    /** [CLS] text [SEP], cut to {@code maxLength} with the [SEP] kept last. */
    public static int[] encode(WordPieceTokenizer tok, String text, int maxLength) {
        int[] ids = tok.encodeForModel(text);
        if (ids.length <= maxLength) return ids;
        int sep = ids[ids.length - 1];
        ids = java.util.Arrays.copyOf(ids, maxLength);
        ids[maxLength - 1] = sep;
        return ids;
    }

    static List<int[]> ids(List<LabelledPrompt> prompts, WordPieceTokenizer tok, int maxLength) {
        List<int[]> out = new ArrayList<>(prompts.size());
        for (LabelledPrompt p : prompts) out.add(encode(tok, p.text(), maxLength));
        return out;
    }

    private static List<Integer> labels(List<LabelledPrompt> prompts) { return prompts.stream().map(LabelledPrompt::label).toList(); }

    /** Class probabilities of each text ((n, classes) row-major), in batches, dropout off. */
    public static float[] probabilities(Encoder model, List<int[]> ids, int batchSize) {
        int classes = model.config().numLabels();
        float[] out = new float[ids.size() * classes];
        model.train(false);
        try (Grad.Scope g = Grad.off()) {
            for (int i = 0; i < ids.size(); i += batchSize) {
                List<int[]> chunk = ids.subList(i, Math.min(ids.size(), i + batchSize));
                try (MemoryScope scope = MemoryScope.open()) {
                    EncoderBatch b = EncoderBatch.of(chunk.toArray(int[][]::new), model.config().padId());
                    float[] p = llmforge.autograd.Ops.softmax(model.classLogits(model.hidden(b))).toFloatArray();
                    System.arraycopy(p, 0, out, i * classes, p.length);
                }
            }
        }
        return out;
    }

    static Evaluation evaluate(Encoder model, WordPieceTokenizer tok, List<LabelledPrompt> held, int maxLength, int batchSize) {
        float[] p = probabilities(model, ids(held, tok, maxLength), batchSize);
        int[][] confusion = new int[2][2];
        Map<String, int[]> byLang = new TreeMap<>();
        for (int i = 0; i < held.size(); i++) {
            int predicted = p[2 * i + 1] > p[2 * i] ? 1 : 0, label = held.get(i).label();
            confusion[label][predicted]++;
            int[] c = byLang.computeIfAbsent(held.get(i).lang(), k -> new int[2]);
            c[0] += predicted == label ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> accByLang = new TreeMap<>();
        byLang.forEach((k, c) -> accByLang.put(k, (double) c[0] / c[1]));
        return new Evaluation(held.size(), (double) (confusion[0][0] + confusion[1][1]) / held.size(),
                share(confusion[1][1], confusion[1][0] + confusion[1][1]), share(confusion[0][1], confusion[0][0] + confusion[0][1]),
                accByLang, confusion);
    }

    private static double share(int n, int of) { return of == 0 ? Double.NaN : (double) n / of; }

    private static String html(Evaluation e) {
        if (e == null) return "";
        return String.format(Locale.ROOT, "<h2>Held-out prompts (%d)</h2><table><tr><th>accuracy</th><td>%.4f</td></tr>"
                        + "<tr><th>harmful requests caught</th><td>%.4f (%d of %d)</td></tr><tr><th>benign requests flagged</th><td>%.4f (%d of %d)</td></tr>"
                        + "<tr><th>accuracy by language</th><td>%s</td></tr></table>", e.prompts(), e.accuracy(), e.harmfulRecall(),
                e.confusion()[1][1], e.confusion()[1][0] + e.confusion()[1][1], e.benignFlagged(), e.confusion()[0][1],
                e.confusion()[0][0] + e.confusion()[0][1], RunReport.esc(e.accuracyByLanguage().toString()));
    }
}
