package llmforge.train.reward;

import llmforge.autograd.Parameter;
import llmforge.model.RewardModel;
import llmforge.tensor.Tensor;
import llmforge.train.DataOrder;
import llmforge.train.Metrics;
import llmforge.train.PaddedBatch;
import llmforge.train.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reward-model training: micro-batches of prompts, each with all its ranked answers; the K answers of a prompt are
 * forwarded once and its C(K,2) pair losses come from those K rewards. A prompt is one counted unit, its loss the
 * mean over its pairs (InstructGPT), so accumulation divides by the step's prompt count.
 */
public final class RewardStage implements Stage<RankingBatch> {
    private final RewardModel model;
    private final List<RankingGroup> train;
    private final List<RankingBatch> validation = new ArrayList<>();
    private final DataOrder order;
    private final int batchSize, padId, eosId;
    private final float margin, centring;
    private final Path tokenizerJson;
    private long position;

    public RewardStage(RewardModel model, List<RankingGroup> train, List<RankingGroup> val, int batchSize, float margin,
                       float centring, long seed, int padId, int eosId, Path tokenizerJson) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training prompts");
        this.model = model;
        this.train = List.copyOf(train);
        this.order = new DataOrder(train.size(), seed);
        this.batchSize = batchSize;
        this.margin = margin;
        this.centring = centring;
        this.padId = padId;
        this.eosId = eosId;
        this.tokenizerJson = tokenizerJson;
        for (int i = 0; i < val.size(); i += batchSize) validation.add(new RankingBatch(val.subList(i, Math.min(val.size(), i + batchSize))));
    }

    public RewardModel model() { return model; }

    @Override public List<Parameter> parameters() { return model.parameters(); }

    @Override public RankingBatch nextBatch() {
        List<RankingGroup> g = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) g.add(train.get(order.index(position * batchSize + i)));
        position++;
        return new RankingBatch(g);
    }

    @Override public long countedTokens(RankingBatch b) { return b.groups().size(); }
    @Override public String countedUnit() { return "prompts"; }

    @Override public Tensor loss(RankingBatch b, float divisor, Metrics m) {
        List<int[]> seqs = new ArrayList<>(), pairs = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (RankingGroup g : b.groups()) {
            int base = seqs.size();
            seqs.addAll(g.sequences());
            List<int[]> gp = g.pairs();
            for (int[] p : gp) {
                pairs.add(new int[] {base + p[0], base + p[1]});
                weights.add(1f / (gp.size() * divisor));
            }
        }
        PaddedBatch pb = PaddedBatch.rightPadded(seqs, padId);
        Tensor rewards = model.rewards(pb.ids(), pb.layout(), pb.lastIndices());
        float[] w = new float[weights.size()];
        for (int i = 0; i < w.length; i++) w[i] = weights.get(i);
        Tensor loss = PairwiseLoss.loss(rewards, pairs, w, margin, centring);
        logMetrics(rewards.toFloatArray(), pairs, w, b.groups().size() / divisor, m);
        return loss;
    }

    /**
     * Pair accuracy and margin (per-prompt means, weighted like the loss), reward mean and spread; with several
     * micro-batches the spread is the share-weighted mean of each micro-batch's standard deviation.
     */
    private static void logMetrics(float[] r, List<int[]> pairs, float[] w, float share, Metrics m) {
        double acc = 0, gap = 0, mean = 0, sq = 0;
        for (int i = 0; i < pairs.size(); i++) {
            double d = r[pairs.get(i)[0]] - r[pairs.get(i)[1]];
            acc += d > 0 ? w[i] : 0;
            gap += d * w[i];
        }
        for (float x : r) mean += x;
        mean /= r.length;
        for (float x : r) sq += (x - mean) * (x - mean);
        m.add("accuracy", acc);
        m.add("margin", gap);
        m.add("reward_mean", mean * share);
        m.add("reward_std", Math.sqrt(sq / Math.max(1, r.length - 1)) * share);
    }

    @Override public List<RankingBatch> validationBatches() { return validation; }

    @Override public long dataPosition() { return position; }

    @Override public void seekData(long p) { position = p; }

    @Override public void recomputeActivations(boolean on) { model.decoder().recomputeActivations(on); }

    @Override public void mode(boolean training, long dropoutSeed) {
        model.train(training);
        model.dropoutSeed(dropoutSeed);
    }

    @Override public void saveModel(Path dir) throws IOException {
        model.save(dir, eosId, eosId, padId);
        if (tokenizerJson != null) {
            Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            Path cfg = tokenizerJson.resolveSibling("tokenizer_config.json");
            if (Files.isRegularFile(cfg)) Files.copy(cfg, dir.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override public void loadModel(Path dir) throws IOException { model.loadWeights(dir); }
}
