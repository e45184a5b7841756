package llmforge.generate;

import java.util.List;

/**
 * One generation request's limits: at most {@code maxNewTokens} per row; a row stops early on any of
 * {@code eosIds} (the id is kept in the output) or when its decoded text contains one of {@code stopStrings}
 * (the text is cut before it). Row r draws its samples from a generator seeded by ({@code seed}, r).
 */
public record GenerationConfig(int maxNewTokens, SamplingConfig sampling, long seed, int[] eosIds,
                               List<String> stopStrings) {
    public GenerationConfig {
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        eosIds = eosIds.clone();
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) if (s.isEmpty()) throw new IllegalArgumentException("a stop string must not be empty");
    }

    public GenerationConfig withMaxNewTokens(int n) { return new GenerationConfig(n, sampling, seed, eosIds, stopStrings); }

    boolean isEos(int token) {
        for (int e : eosIds) if (e == token) return true;
        return false;
    }
}
