package llmforge.align;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Assigns every word / item to exactly one split (sft, rm, rl, eval), so no two splits share a target. Finite
 * pools (words, poems, safety topics) are shuffled and cut in proportion to the split sizes, every split getting at
 * least a tenth of a small pool; unbounded items (numbers) go by a seeded hash of their key.
 */
final class SplitPlan {
    static final List<String> SPLITS = List.of("sft", "rm", "rl", "eval");

    private final long seed;
    private final double[] weights;

    SplitPlan(long seed, Map<String, Integer> sizes) {
        this.seed = seed;
        this.weights = new double[SPLITS.size()];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) sum += weights[i] = sizes.getOrDefault(SPLITS.get(i), 0);
        for (int i = 0; i < weights.length; i++) weights[i] /= sum;
    }

    /** Split name → the pool's items in it (in a seeded random order). */
    Map<String, List<String>> partition(String pool, List<String> items) {
        List<String> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed ^ fnv(pool)));
        int n = shuffled.size(), k = weights.length;
        int floor = Math.min((n + 9) / 10, n / k);
        int[] counts = new int[k];
        int total = 0, largest = 0;
        for (int i = 0; i < k; i++) {
            counts[i] = weights[i] == 0 ? 0 : Math.max(floor, (int) Math.round(n * weights[i]));
            total += counts[i];
            if (counts[i] > counts[largest]) largest = i;
        }
        counts[largest] += n - total; // rounding and floors are settled by the largest split
        Map<String, List<String>> out = new HashMap<>();
        int from = 0;
        for (int i = 0; i < k; i++) {
            out.put(SPLITS.get(i), List.copyOf(shuffled.subList(from, from + counts[i])));
            from += counts[i];
        }
        return out;
    }

    /** The split of an item drawn from an unbounded space, by a seeded hash of its key. */
    String hashSplit(String key) {
        long h = mix(fnv(key) ^ seed);
        double u = (h >>> 11) * 0x1.0p-53;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) return SPLITS.get(i);
        }
        return SPLITS.getLast();
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
