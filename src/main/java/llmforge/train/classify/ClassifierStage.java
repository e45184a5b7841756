package llmforge.train.classify;

import llmforge.autograd.Ops;
import llmforge.model.Encoder;
import llmforge.model.EncoderBatch;
import llmforge.model.HfEncoderDirectory;
import llmforge.tensor.Tensor;
import llmforge.train.EncoderStage;
import llmforge.train.DataOrder;
import llmforge.train.Metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequence classification: micro-batches of tokenised prompts in epoch-shuffled order, cross-entropy of the class
 * logits read at [CLS] (one counted unit per prompt), accuracy logged. Checkpoints are BertForSequenceClassification
 * directories with the labels' names and the tokenizer.
 */
public final class ClassifierStage extends EncoderStage<ClassifierStage.Batch> {
    /** Padded prompts and their labels. */
    public record Batch(EncoderBatch input, int[] labels) {
        static Batch of(List<int[]> ids, List<Integer> labels, int padId) {
            return new Batch(EncoderBatch.of(ids.toArray(int[][]::new), padId), labels.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private final List<int[]> ids;
    private final List<Integer> labels;
    private final DataOrder order;
    private final int batchSize;
    private final List<String> labelNames;

    public ClassifierStage(Encoder model, List<int[]> ids, List<Integer> labels, List<int[]> valIds, List<Integer> valLabels,
                           int batchSize, long seed, List<String> labelNames, List<Path> filesToCopy) {
        super(model, filesToCopy);
        this.ids = List.copyOf(ids);
        this.labels = List.copyOf(labels);
        this.order = new DataOrder(ids.size(), seed);
        this.batchSize = batchSize;
        this.labelNames = List.copyOf(labelNames);
        for (int i = 0; i < valIds.size(); i += batchSize) {
            int to = Math.min(valIds.size(), i + batchSize);
            validation.add(Batch.of(valIds.subList(i, to), valLabels.subList(i, to), model.config().padId()));
        }
    }

    @Override public Batch nextBatch() {
        List<int[]> b = new ArrayList<>(batchSize);
        List<Integer> l = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            int k = order.index(position * batchSize + i);
            b.add(ids.get(k));
            l.add(labels.get(k));
        }
        position++;
        return Batch.of(b, l, model.config().padId());
    }

    @Override public long countedTokens(Batch b) { return b.labels().length; }
    @Override public String countedUnit() { return "examples"; }

    @Override public Tensor loss(Batch b, float divisor, Metrics m) {
        Tensor logits = model.classLogits(model.hidden(b.input()));
        m.add("accuracy", correct(logits.toFloatArray(), b.labels()) / divisor);
        return Ops.crossEntropy(logits, b.labels(), -100, divisor);
    }

    /** Rows whose arg-max class is the label; logits (n, classes) row-major. */
    static int correct(float[] logits, int[] labels) {
        int classes = logits.length / labels.length, right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
            if (best == labels[i]) right++;
        }
        return right;
    }

    @Override public void saveModel(Path dir) throws IOException {
        HfEncoderDirectory.save(model, dir, labelNames);
        copyFiles(dir);
    }

    @Override public void loadModel(Path dir) throws IOException { HfEncoderDirectory.loadWeights(model, dir); }
}
