package llmforge.train;

import llmforge.io.UserException;
import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Supervised fine-tuning: micro-batches of conversations (packed or padded by {@link SftBatcher}) with loss on the
 * assistant tokens only, optionally mixed with pretraining text. Micro-batch k holds conversations
 * [k·B, (k+1)·B) of an endless stream in which epoch e is the training set shuffled by (seed, e), so any data
 * position can be resumed without replaying the draws before it.
 */
public final class SftStage extends DecoderStage {
    /** What the stage needs besides the model and the data. */
    public record Options(int conversationsPerBatch, double pretrainMix, long seed, int bosId, int eosId) {
        public Options {
            if (conversationsPerBatch < 1) throw new IllegalArgumentException("conversations per batch must be at least 1");
            if (!(pretrainMix >= 0 && pretrainMix < 1)) throw new IllegalArgumentException("pretrain_mix must be in [0, 1)");
        }
    }

    /** Runs at each evaluation (after the validation loss) and returns the samples to show; may be null. */
    public interface Evaluator {
        List<Sample> evaluate(Decoder model);
    }

    private final List<SftExample> train;
    private final SftBatcher batcher;
    private final Options options;
    private final ShardReader text;          // pretraining text to mix in; null: none
    private final List<Path> filesToCopy;    // tokenizer files that travel with every checkpoint
    private final Evaluator evaluator;
    private int[] order;
    private long orderEpoch = -1;

    public SftStage(Decoder model, List<SftExample> train, List<SftExample> validation, SftBatcher batcher, Options options,
                    ShardReader text, List<Path> filesToCopy, Evaluator evaluator) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training conversations");
        if (options.pretrainMix() > 0 && text == null) throw new IllegalArgumentException("pretrain_mix needs pretraining shards");
        List<TokenBatch> val = new ArrayList<>();
        for (int i = 0; i < validation.size(); i += options.conversationsPerBatch()) {
            val.add(batcher.batch(validation.subList(i, Math.min(validation.size(), i + options.conversationsPerBatch())), List.of()));
        }
        super(model, val);
        this.train = List.copyOf(train);
        this.batcher = batcher;
        this.options = options;
        this.text = text;
        this.filesToCopy = List.copyOf(filesToCopy);
        this.evaluator = evaluator;
    }

    @Override public TokenBatch nextBatch() { return batchAt(position++); }

    /** Micro-batch number {@code index}: a pure function of (seed, index). */
    TokenBatch batchAt(long index) {
        int b = options.conversationsPerBatch(), n = train.size();
        List<SftExample> picked = new ArrayList<>(b);
        for (long i = index * b; i < (index + 1) * b; i++) picked.add(train.get(order(i / n)[(int) (i % n)]));
        return batcher.batch(picked, textWindows(picked, index));
    }

    // enough pretraining windows that text makes up pretrainMix of the counted tokens on average
    private List<ShardReader.Window> textWindows(List<SftExample> picked, long index) {
        if (options.pretrainMix() == 0) return List.of();
        long answers = 0;
        for (SftExample e : picked) answers += e.answerTokens();
        int width = batcher.seqLen();
        double rows = options.pretrainMix() / (1 - options.pretrainMix()) * answers / width;
        SplittableRandom r = new SplittableRandom(options.seed() * 0xC2B2AE3D27D4EB4FL ^ (index + 1) * 0x9E3779B97F4A7C15L);
        int count = (int) rows + (r.nextDouble() < rows - (int) rows ? 1 : 0);
        long span = text.tokens() - width;
        if (span < 1) throw new UserException("the pretraining shards hold fewer than " + (width + 1) + " tokens");
        List<ShardReader.Window> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(text.window(r.nextLong(span), width + 1));
        return out;
    }

    // the shuffled order of epoch e (Fisher-Yates seeded by (seed, e)); the current epoch's is kept
    private int[] order(long epoch) {
        if (epoch != orderEpoch) {
            int n = train.size();
            int[] o = new int[n];
            for (int i = 0; i < n; i++) o[i] = i;
            SplittableRandom r = new SplittableRandom(options.seed() ^ (epoch + 1) * 0xBF58476D1CE4E5B9L);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
            order = o;
            orderEpoch = epoch;
        }
        return order;
    }

    @Override public void saveModel(Path dir) throws IOException {
        HfModelDirectory.save(model, dir, options.bosId(), options.eosId());
        CheckpointFiles.copy(filesToCopy, dir);
    }

    @Override public void loadModel(Path dir) throws IOException {
        DecoderConfig saved = HfModelDirectory.readConfig(dir), mine = model.config();
        if (!saved.equals(mine)) {
            throw new UserException(dir + ": the checkpoint's model " + saved + " does not match " + mine + "; nothing was loaded");
        }
        HfModelDirectory.loadWeights(model, dir);
    }

    @Override public List<Sample> samples() {
        if (evaluator == null) return List.of();
        model.train(false);
        return evaluator.evaluate(model);
    }
}
