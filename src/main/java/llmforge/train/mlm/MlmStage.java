package llmforge.train.mlm;

import llmforge.autograd.Ops;
import llmforge.io.UserException;
import llmforge.data.MlmMasker;
import llmforge.model.Encoder;
import llmforge.model.EncoderConfig;
import llmforge.model.FillMask;
import llmforge.model.HfEncoderDirectory;
import llmforge.tensor.Tensor;
import llmforge.tokenizer.WordPieceTokenizer;
import llmforge.train.EncoderStage;
import llmforge.train.DataOrder;
import llmforge.train.Metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Masked-language-model pretraining: micro-batches of encoder rows in epoch-shuffled order, masked afresh for every
 * draw (dynamic masking: the masks are a function of the run seed and the data position, so a resumed run draws the
 * same), loss and accuracy on the chosen tokens only. Validation rows are masked once, with a fixed seed, so every
 * evaluation scores the same predictions. Checkpoints are HF BERT directories with the WordPiece tokenizer.
 */
public final class MlmStage extends EncoderStage<MlmBatch> {
    private static final long VALIDATION_SALT = 0x5EEDFACEL;

    private final WordPieceTokenizer tokenizer;
    private final List<int[]> train;
    private final DataOrder order;
    private final MlmMasker masker;
    private final int batchSize;
    private final long seed;
    private final List<String> sampleTexts;

    public MlmStage(Encoder model, WordPieceTokenizer tokenizer, List<int[]> train, List<int[]> val, MlmMasker masker, int batchSize,
                    long seed, List<Path> filesToCopy, List<String> sampleTexts) {
        super(model, filesToCopy);
        if (train.isEmpty()) throw new IllegalArgumentException("no training rows");
        this.tokenizer = tokenizer;
        this.train = List.copyOf(train);
        this.order = new DataOrder(train.size(), seed);
        this.masker = masker;
        this.batchSize = batchSize;
        this.seed = seed;
        this.sampleTexts = List.copyOf(sampleTexts);
        for (int i = 0; i < val.size(); i += batchSize) {
            int[][] rows = val.subList(i, Math.min(val.size(), i + batchSize)).toArray(int[][]::new);
            validation.add(MlmBatch.of(rows, model.config().padId(), masker, seed ^ (VALIDATION_SALT + i)));
        }
    }

    @Override public MlmBatch nextBatch() {
        int[][] rows = new int[batchSize][];
        for (int i = 0; i < batchSize; i++) rows[i] = train.get(order.index(position * batchSize + i));
        MlmBatch b = MlmBatch.of(rows, model.config().padId(), masker, seed * 0x9E3779B97F4A7C15L + position);
        position++;
        return b;
    }

    @Override public long countedTokens(MlmBatch b) { return b.labels().length; }

    @Override public Tensor loss(MlmBatch b, float divisor, Metrics m) {
        Tensor logits = model.mlmLogitsAt(model.hidden(b.input()), b.positions());
        Tensor loss = Ops.crossEntropy(logits, b.labels(), MlmMasker.IGNORE, divisor);
        m.add("accuracy", MlmMasker.accuracy(logits, b.labels()) * b.labels().length / divisor);
        return loss;
    }

    @Override public void saveModel(Path dir) throws IOException {
        HfEncoderDirectory.save(model, dir);
        copyFiles(dir);
    }

    @Override public void loadModel(Path dir) throws IOException {
        EncoderConfig saved = HfEncoderDirectory.readConfig(dir), mine = model.config();
        if (!saved.equals(mine)) {
            throw new UserException(dir + ": the checkpoint's encoder " + saved + " does not match the config's " + mine + "; nothing was loaded");
        }
        HfEncoderDirectory.loadWeights(model, dir);
    }

    /** The top three fillers of each sample text's masks, with their probabilities. */
    @Override public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String text : sampleTexts) {
            String fills = FillMask.predict(model, tokenizer, text, 3).stream()
                    .map(c -> c.stream().map(x -> String.format(Locale.ROOT, "%s %.3f", x.token(), x.probability())).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining(" | "));
            out.add(new Sample(text + " → ", fills));
        }
        return out;
    }
}
