package llmforge.train.dpo;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tensor.Tensor;
import llmforge.train.DataOrder;
import llmforge.train.Metrics;
import llmforge.train.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * DPO and its variants: each micro-batch forwards the chosen and rejected answers of its pairs as one batch,
 * compares their answer log-probs with the reference's and returns the summed pair losses over the step's pair
 * count. Logs the implicit rewards β(log π − log π_ref) of both sides, their margin and accuracy, and the log-probs.
 */
public final class DpoStage implements Stage<PreferenceBatch> {
    private final Decoder policy;
    private final List<PreferencePair> train;
    private final List<PreferenceBatch> validation = new ArrayList<>();
    private final DataOrder order;
    private final ReferenceLogProbs reference;
    private final DpoLoss.Settings settings;
    private final int batchSize, padId, eosId;
    private final Path tokenizerJson;
    private long position;

    public DpoStage(Decoder policy, List<PreferencePair> train, List<PreferencePair> val, ReferenceLogProbs reference,
                    DpoLoss.Settings settings, int batchSize, long seed, int padId, int eosId, Path tokenizerJson) {
        this.policy = policy;
        this.train = List.copyOf(train);
        this.order = new DataOrder(train.size(), seed);
        this.reference = reference;
        this.settings = settings;
        this.batchSize = batchSize;
        this.padId = padId;
        this.eosId = eosId;
        this.tokenizerJson = tokenizerJson;
        for (int i = 0; i < val.size(); i += batchSize) validation.add(new PreferenceBatch(val.subList(i, Math.min(val.size(), i + batchSize))));
    }

    @Override public List<Parameter> parameters() { return policy.parameters(); }

    @Override public PreferenceBatch nextBatch() {
        List<PreferencePair> b = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) b.add(train.get(order.index(position * batchSize + i)));
        position++;
        return new PreferenceBatch(b);
    }

    @Override public long countedTokens(PreferenceBatch b) { return b.pairs().size(); }
    @Override public String countedUnit() { return "pairs"; }

    @Override public Tensor loss(PreferenceBatch b, float divisor, Metrics m) {
        int n = b.pairs().size();
        Tensor lp = SequenceLogProbs.of(policy, b.rows(padId), b.answerStarts());
        Tensor chosen = Ops.slice(lp, 0, 0, n), rejected = Ops.slice(lp, 0, n, 2 * n);
        float[][] ref = reference.of(b);
        float[] tokens = new float[n];
        for (int i = 0; i < n; i++) tokens[i] = b.pairs().get(i).chosenTokens();
        Tensor loss = DpoLoss.loss(chosen, rejected, ref[0], ref[1], tokens, settings, divisor);
        log(chosen.toFloatArray(), rejected.toFloatArray(), ref, n / divisor, m);
        return loss;
    }

    private void log(float[] pc, float[] pr, float[][] ref, float share, Metrics m) {
        int n = pc.length;
        double acc = 0, rc = 0, rr = 0, lc = 0, lr = 0;
        for (int i = 0; i < n; i++) {
            double c = settings.beta() * (pc[i] - ref[0][i]), r = settings.beta() * (pr[i] - ref[1][i]);
            acc += c > r ? 1 : 0;
            rc += c;
            rr += r;
            lc += pc[i];
            lr += pr[i];
        }
        m.add("rewards/accuracy", acc / n * share);
        m.add("rewards/chosen", rc / n * share);
        m.add("rewards/rejected", rr / n * share);
        m.add("rewards/margin", (rc - rr) / n * share);
        m.add("logps/chosen", lc / n * share);
        m.add("logps/rejected", lr / n * share);
    }

    @Override public List<PreferenceBatch> validationBatches() { return validation; }

    @Override public long dataPosition() { return position; }

    @Override public void seekData(long p) { position = p; }

    @Override public void recomputeActivations(boolean on) { policy.recomputeActivations(on); }

    @Override public void mode(boolean training, long dropoutSeed) {
        policy.train(training);
        policy.dropoutSeed(dropoutSeed);
    }

    @Override public void saveModel(Path dir) throws IOException {
        HfModelDirectory.save(policy, dir, eosId, eosId);
        if (tokenizerJson != null) {
            Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            Path cfg = tokenizerJson.resolveSibling("tokenizer_config.json");
            if (Files.isRegularFile(cfg)) Files.copy(cfg, dir.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override public void loadModel(Path dir) throws IOException { HfModelDirectory.loadWeights(policy, dir); }
}
