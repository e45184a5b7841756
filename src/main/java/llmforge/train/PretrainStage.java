package llmforge.train;

import llmforge.io.UserException;
import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Next-token pretraining on packed shards: random context windows in, the decoder's summed cross-entropy out. */
public final class PretrainStage extends DecoderStage {
    /** The tokenizer a checkpoint carries so it can be used on its own (null: the run has none, e.g. bytes). */
    public record TokenizerFiles(Tokenizer tokenizer, Path json) {}

    private final ShardReader train;
    private final TokenWindows windows;
    private final long seed;
    private final TokenizerFiles tokenizer;
    private final List<String> prompts;
    private final int sampleTokens;
    private final double sampleTemperature;

    public PretrainStage(Decoder model, ShardReader train, ShardReader val, TokenWindows windows, long evalTokens,
                         long seed, TokenizerFiles tokenizer, List<String> prompts, int sampleTokens, double sampleTemperature) {
        super(model, val == null ? List.of() : windows.consecutive(val, evalTokens));
        this.train = train;
        this.windows = windows;
        this.seed = seed;
        this.tokenizer = tokenizer;
        this.prompts = List.copyOf(prompts);
        this.sampleTokens = sampleTokens;
        this.sampleTemperature = sampleTemperature;
    }

    @Override public TokenBatch nextBatch() { return windows.random(train, seed, position++); }

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
