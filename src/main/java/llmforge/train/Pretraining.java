package llmforge.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import llmforge.io.UserException;
import llmforge.data.ShardReader;
import llmforge.dist.DataParallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A whole pretraining run from its config: shards, model, stage, loop, run report (the API behind {@code llmforge pretrain}). */
public final class Pretraining {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Pretraining() {}

    /** What a run produced, for the caller to print. */
    public record Outcome(Trainer.Result result, Path output, Path report, Path metrics, double unigramEntropy,
                          long parameters, DecoderConfig model) {}

    public static Outcome run(PretrainConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path shards = Path.of(cfg.data()), out = Path.of(cfg.output());
        try (ShardReader train = ShardReader.open(shards, "train"); ShardReader val = ShardReader.open(shards, "val")) {
            Decoder model = initialModel(cfg, train.vocabSize());
            DecoderConfig mc = model.config();
            int seq = cfg.seqLen() != null ? cfg.seqLen() : mc.maxSeqLen();
            if (seq > mc.maxSeqLen()) throw new UserException("seq_len " + seq + " exceeds the model's max_seq_len " + mc.maxSeqLen());
            if (train.tokens() <= seq) throw new UserException(shards + ": the train split holds " + train.tokens()
                    + " tokens, fewer than one window of " + (seq + 1));
            PretrainStage.TokenizerFiles tok = tokenizer(cfg, train);
            PretrainStage stage = new PretrainStage(model, train, val, new TokenWindows(cfg.batchSize(), seq, cfg.documentMasks()),
                    cfg.evalTokens(), cfg.train().seed(), tok, cfg.samplePrompts(), cfg.sampleTokens(), cfg.sampleTemperature());
            Trainer<TokenBatch> trainer = new Trainer<>(stage, cfg.train(), out, SNAKE.valueToTree(cfg), console);
            double entropy = UnigramEntropy.of(val);
            console.printf(Locale.ROOT, "model: %s, %.2f M parameters; data: %d train / %d val tokens (val unigram entropy %.3f nats/token)%n",
                    mc, model.parameterCount() / 1e6, train.tokens(), val.tokens(), entropy);
            Trainer.Result r;
            Path report = out.resolve("report.html");
            // the stop signal stays up until the report is written: Ctrl-C then leaves a checkpoint and a report
            try (StopSignal stop = StopSignal.install()) {
                r = trainer.run(resume || cfg.resume(), stop);
                if (DataParallel.world().isRoot()) RunReport.write(report, new RunReport.Content("Pretraining " + out.getFileName(), mc.toString(),
                        model.parameterCount(), r, trainer.metrics(), trainer.evaluations(), entropy));
            }
            return new Outcome(r, out, report, trainer.metrics().file(), entropy, model.parameterCount(), mc);
        }
    }

    /** The model of {@code init} (its weights and config), or a new one from the {@code model} spec. */
    private static Decoder initialModel(PretrainConfig cfg, int vocabSize) throws IOException {
        if (cfg.init() == null) {
            try {
                return new Decoder(cfg.model().resolve(vocabSize), cfg.train().seed());
            } catch (IllegalArgumentException e) {
                throw new UserException("model: " + e.getMessage());
            }
        }
        Path dir = Path.of(cfg.init());
        if (!Files.isRegularFile(dir.resolve("config.json"))) throw new UserException("init: " + dir + " is not a model directory (no config.json)");
        Decoder model = HfModelDirectory.load(dir);
        if (model.config().vocabSize() < vocabSize) {
            throw new UserException("init: " + dir + " has a vocabulary of " + model.config().vocabSize() + ", smaller than the shards' "
                    + vocabSize);
        }
        return model;
    }

    private static PretrainStage.TokenizerFiles tokenizer(PretrainConfig cfg, ShardReader train) throws IOException {
        Path file;
        if (cfg.tokenizer() != null) {
            file = Path.of(cfg.tokenizer());
            if (!Files.isRegularFile(file)) throw new UserException("tokenizer: " + file + " does not exist");
        } else {
            String packed = MetricsLog.JSON.readTree(Path.of(cfg.data(), "manifest.json").toFile()).path("tokenizer").asText("bytes");
            if (packed.equals("bytes") || !Files.isRegularFile(Path.of(packed))) return null;
            file = Path.of(packed);
        }
        Tokenizer t = TokenizerJsonReader.read(file);
        if (t.vocabSize() != train.vocabSize()) {
            throw new UserException("tokenizer " + file + " has " + t.vocabSize() + " tokens but the shards were packed with a vocabulary of "
                    + train.vocabSize() + ": not the tokenizer of these shards");
        }
        return new PretrainStage.TokenizerFiles(t, file);
    }
}
