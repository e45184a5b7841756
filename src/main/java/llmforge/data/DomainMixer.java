package llmforge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reaches target domain shares by down-sampling or repeating documents. With {@code total} training tokens, domain
 * d with share p_d and n_d available tokens is used {@code f_d = p_d * total / n_d} times: whole epochs first, then a
 * seeded random subset of documents for the fraction. Without a total, the largest total is taken that needs no
 * domain repeated more than {@code maxEpochs} times and is no larger than the tokens available.
 */
public final class DomainMixer {
    private DomainMixer() {}

    /** How many epochs (possibly fractional) of each domain's documents the training mix uses. */
    public static Map<String, Double> factors(Map<String, Long> available, Map<String, Double> targets,
                                              double maxEpochs, Long totalTokens) {
        Map<String, Double> f = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            available.keySet().forEach(d -> f.put(d, 1.0));
            return f;
        }
        for (String d : available.keySet())
            if (!targets.containsKey(d))
                throw new llmforge.io.UserException("domain '" + d + "' has documents but no share in 'mix' (mix lists "
                        + targets.keySet() + ")");
        double total;
        if (totalTokens != null) {
            total = totalTokens;
        } else {
            total = available.values().stream().mapToLong(Long::longValue).sum();
            for (var e : targets.entrySet()) total = Math.min(total, available.getOrDefault(e.getKey(), 0L) * maxEpochs / e.getValue());
        }
        for (var e : targets.entrySet()) {
            long n = available.getOrDefault(e.getKey(), 0L);
            if (n == 0) throw new llmforge.io.UserException("mix: domain '" + e.getKey() + "' has no documents left (domains with documents: "
                    + available.keySet() + ")");
            f.put(e.getKey(), Math.min(maxEpochs, e.getValue() * total / n));
        }
        return f;
    }

    /**
     * The documents of one domain to use, with repeats: {@code floor(factor)} copies of all, then documents in a
     * seeded random order until the fractional part's tokens are reached.
     */
    public static List<Integer> select(List<Integer> docs, int[] lengths, double factor, SplittableRandom rnd) {
        List<Integer> out = new ArrayList<>();
        int whole = (int) Math.floor(factor);
        for (int e = 0; e < whole; e++) out.addAll(docs);
        long available = 0;
        for (int d : docs) available += lengths[d];
        double wanted = (factor - whole) * available;
        List<Integer> order = new ArrayList<>(docs);
        shuffle(order, rnd);
        long taken = 0;
        for (int d : order) {
            if (taken + lengths[d] / 2.0 > wanted) continue;   // it would overshoot by more than it fills
            out.add(d);
            taken += lengths[d];
        }
        return out;
    }

    public static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
