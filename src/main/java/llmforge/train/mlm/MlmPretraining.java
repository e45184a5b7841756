package llmforge.train.mlm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import llmforge.io.UserException;
import llmforge.data.MlmMasker;
import llmforge.model.Encoder;
import llmforge.model.EncoderConfig;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.train.CheckpointFiles;
import llmforge.train.RunReport;
import llmforge.train.StopSignal;
import llmforge.train.Trainer;
import llmforge.train.UnigramEntropy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A whole MLM pretraining run from its config (the API behind {@code llmforge pretrain} with {@code objective: mlm}). */
public final class MlmPretraining {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private MlmPretraining() {}

    /** What a run produced, for the caller to print. */
    public record Outcome(Trainer.Result result, Path output, Path report, Path metrics, double unigramEntropy, long parameters,
                          EncoderConfig model, long documents, int trainRows, int valRows) {}

    public static Outcome run(MlmConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path tokFile = Path.of(cfg.tokenizer()), out = Path.of(cfg.output());
        if (!Files.isRegularFile(tokFile)) throw new UserException("tokenizer: " + tokFile + " does not exist");
        Tokenizer t = TokenizerJsonReader.read(tokFile);
        if (!(t instanceof WordPieceTokenizer tok)) {
            throw new UserException("tokenizer: " + tokFile + " is not a WordPiece tokenizer (train one with llmforge tokenizer train --type wordpiece)");
        }
        EncoderConfig mc;
        try {
            mc = cfg.model().resolve(tok.vocabSize(), tok.tokenId(WordPieceTokenizer.PAD));
        } catch (IllegalArgumentException e) {
            throw new UserException("model: " + e.getMessage());
        }
        if (cfg.seqLen() > mc.maxPositions()) throw new UserException("seq_len " + cfg.seqLen() + " exceeds the model's max_positions " + mc.maxPositions());
        MlmCorpus corpus = MlmCorpus.read(cfg.sources(), tok, cfg.seqLen(), cfg.valFraction(), cfg.maxDocuments());
        if (corpus.train().isEmpty()) throw new UserException("sources: no training text (" + corpus.documents() + " documents read)");
        List<int[]> val = corpus.val().subList(0, Math.min(cfg.evalSequences(), corpus.val().size()));
        if (val.isEmpty()) console.println("warning: no document fell into the validation split; raise val_fraction to get validation numbers");
        long seed = cfg.train().seed();
        Encoder model = new Encoder(mc, seed);
        MlmStage stage = new MlmStage(model, tok, corpus.train(), val, MlmMasker.forTokenizer(tok, cfg.maskProb(), cfg.wholeWord()),
                cfg.batchSize(), seed, CheckpointFiles.tokenizer(tokFile), cfg.sampleTexts());
        Trainer<MlmBatch> trainer = new Trainer<>(stage, cfg.train(), out, SNAKE.valueToTree(cfg), console);
        double entropy = unigramEntropy(val, tok);
        console.printf(Locale.ROOT, "encoder: %s, %.2f M parameters; %d documents -> %d train / %d val rows of up to %d tokens "
                        + "(%d / %d tokens); masking %.0f %%%s; val unigram entropy %.3f nats/token%n",
                mc, model.parameterCount() / 1e6, corpus.documents(), corpus.train().size(), val.size(), cfg.seqLen(),
                corpus.trainTokens(), corpus.valTokens(), 100 * cfg.maskProb(), cfg.wholeWord() ? " of whole words" : "", entropy);
        Trainer.Result r;
        Path report = out.resolve("report.html");
        try (StopSignal stop = StopSignal.install()) {
            r = trainer.run(resume || cfg.resume(), stop);
            RunReport.write(report, new RunReport.Content("MLM pretraining " + out.getFileName(), mc.toString(), model.parameterCount(), r,
                    trainer.metrics(), trainer.evaluations(), entropy), html(trainer));
        }
        return new Outcome(r, out, report, trainer.metrics().file(), entropy, model.parameterCount(), mc, corpus.documents(),
                corpus.train().size(), val.size());
    }

    /** Entropy of the validation text's non-special tokens: the loss of a model that predicts a masked token without context. */
    static double unigramEntropy(List<int[]> rows, WordPieceTokenizer tok) {
        long[] counts = new long[tok.vocabSize()];
        for (int[] r : rows) for (int id : r) counts[id]++;
        for (SpecialToken s : tok.specialTokens()) counts[s.id()] = 0;
        return UnigramEntropy.ofCounts(counts);
    }

    private static String html(Trainer<MlmBatch> trainer) throws IOException {
        StringBuilder h = new StringBuilder("<h2>Masked-token prediction on validation text</h2><table><tr><th>step</th>"
                + "<th>MLM loss</th><th>perplexity</th><th>accuracy</th></tr>");
        for (Trainer.Evaluation e : trainer.evaluations()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.2f</td><td>%.4f</td></tr>", e.step(), e.valLoss(),
                    e.perplexity(), e.metrics().getOrDefault("accuracy", Double.NaN)));
        }
        h.append("</table>");
        RunReport.chart(h, "Masked-token accuracy", "accuracy", new RunReport.Series("train", trainer.metrics().series("train", "accuracy")),
                new RunReport.Series("val", trainer.metrics().series("eval", "val_accuracy")));
        return h.toString();
    }
}
