package llmforge.train;

import llmforge.cli.UserException;
import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;
import llmforge.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Next-token pretraining on packed shards: random context windows in, the decoder's summed cross-entropy out. */
public final class PretrainStage implements Stage<TokenBatch> {
    /** The tokenizer a checkpoint carries so it can be used on its own (null: the run has none, e.g. bytes). */
    public record TokenizerFiles(Tokenizer tokenizer, Path json) {}

    private final Decoder model;
    private final ShardReader train;
    private final List<TokenBatch> validation;
    private final TokenWindows windows;
    private final long seed;
    private final TokenizerFiles tokenizer;
    private final List<String> prompts;
    private final int sampleTokens;
    private final double sampleTemperature;
    private long position;

    public PretrainStage(Decoder model, ShardReader train, ShardReader val, TokenWindows windows, long evalTokens,
                         long seed, TokenizerFiles tokenizer, List<String> prompts, int sampleTokens, double sampleTemperature) {
        this.model = model;
        this.train = train;
        this.windows = windows;
        this.validation = val == null ? List.of() : windows.consecutive(val, evalTokens);
        this.seed = seed;
        this.tokenizer = tokenizer;
        this.prompts = List.copyOf(prompts);
        this.sampleTokens = sampleTokens;
        this.sampleTemperature = sampleTemperature;
    }

    public Decoder model() { return model; }

    @Override public List<Parameter> parameters() { return model.parameters(); }

    @Override public TokenBatch nextBatch() { return windows.random(train, seed, position++); }

    @Override public long countedTokens(TokenBatch b) { return b.countedTokens(); }

    @Override public Tensor loss(TokenBatch b, float divisor, Metrics metrics) {
        return model.loss(b.inputs(), b.targets(), b.layout(), divisor);
    }

    @Override public List<TokenBatch> validationBatches() { return validation; }

    @Override public long dataPosition() { return position; }

    @Override public void seekData(long p) { position = p; }

    @Override public void mode(boolean training, long dropoutSeed) {
        model.train(training);
        model.dropoutSeed(dropoutSeed);
    }

    @Override public void saveModel(Path dir) throws IOException {
        int eot = train.eotId();
        HfModelDirectory.save(model, dir, eot, eot);
        if (tokenizer != null) {
            Files.copy(tokenizer.json(), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            Path config = tokenizer.json().resolveSibling("tokenizer_config.json");
            if (Files.isRegularFile(config)) Files.copy(config, dir.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override public void loadModel(Path dir) throws IOException {
        DecoderConfig saved = HfModelDirectory.readConfig(dir), mine = model.config();
        if (!saved.equals(mine)) {
            throw new UserException(dir + ": the checkpoint's model " + saved + " does not match the config's " + mine
                    + "; nothing was loaded");
        }
        HfModelDirectory.loadWeights(model, dir);
    }

    /** One greedy-ish continuation per prompt (fixed seed, so reports are reproducible). */
    @Override public List<Sample> samples() {
        if (tokenizer == null || prompts.isEmpty()) return List.of();
        TextSampler sampler = new TextSampler(model);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] ids = tokenizer.tokenizer().encode(prompts.get(i));
            int[] gen = sampler.generate(ids, sampleTokens, sampleTemperature, seed + i, train.eotId());
            out.add(new Sample(prompts.get(i), tokenizer.tokenizer().decode(gen)));
        }
        return out;
    }
}
