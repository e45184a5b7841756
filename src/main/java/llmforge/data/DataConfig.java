package llmforge.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole data chain's configuration ({@code llmforge data prepare --config data.yaml}).
 *
 * @param output      folder for every step's output, the shards and the report
 * @param tokenizer   a trained tokenizer to pack with; absent: the byte-level encoder
 * @param mix         target share of each domain in the training tokens (sums to 1); empty keeps natural shares
 * @param maxEpochs   how many times a domain's documents may be repeated to reach its share
 * @param totalTokens training tokens wanted; absent: as many as the shares allow within {@code maxEpochs}, at most
 *                    the tokens available
 * @param valFraction share of documents held out for validation (chosen per document, never repeated)
 * @param shardTokens tokens per shard file
 */
public record DataConfig(
        List<SourceConfig> sources, String output, String tokenizer, Long seed, Integer threads, String onBadInput,
        Boolean pii, FilterConfig filters, DedupConfig dedup, Map<String, Double> mix, Double maxEpochs,
        Long totalTokens, Double valFraction, Long shardTokens) {
    public DataConfig {
        if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("'sources' must list at least one input");
        sources = List.copyOf(sources);
        output = output == null ? "runs/data" : output;
        seed = seed == null ? 1234L : seed;
        threads = threads == null ? Math.max(2, Runtime.getRuntime().availableProcessors()) : threads;
        onBadInput = onBadInput == null ? "skip" : onBadInput;
        pii = pii == null || pii;
        filters = filters == null ? FilterConfig.defaults() : filters;
        dedup = dedup == null ? DedupConfig.defaults() : dedup;
        mix = mix == null ? Map.of() : new LinkedHashMap<>(mix);
        maxEpochs = maxEpochs == null ? 4.0 : maxEpochs;
        valFraction = valFraction == null ? 0.02 : valFraction;
        shardTokens = shardTokens == null ? 16L << 20 : shardTokens;
        if (threads < 1) throw new IllegalArgumentException("'threads' must be at least 1");
        if (!onBadInput.equals("skip") && !onBadInput.equals("fail"))
            throw new IllegalArgumentException("'on_bad_input' must be skip or fail, not '" + onBadInput + "'");
        double sum = 0;
        for (var e : mix.entrySet()) {
            if (e.getValue() == null || e.getValue() <= 0)
                throw new IllegalArgumentException("mix: share of '" + e.getKey() + "' must be positive");
            sum += e.getValue();
        }
        if (!mix.isEmpty() && Math.abs(sum - 1) > 1e-3)
            throw new IllegalArgumentException("mix: shares must sum to 1, they sum to " + sum);
        if (maxEpochs < 1) throw new IllegalArgumentException("'max_epochs' must be at least 1");
        if (totalTokens != null && totalTokens < 1) throw new IllegalArgumentException("'total_tokens' must be positive");
        if (valFraction < 0 || valFraction >= 1) throw new IllegalArgumentException("'val_fraction' must be in [0, 1)");
        if (shardTokens < 1024) throw new IllegalArgumentException("'shard_tokens' must be at least 1024");
    }
}
