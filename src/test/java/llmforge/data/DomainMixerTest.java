package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import llmforge.io.UserException;

class DomainMixerTest {
    @Test void downSamplesTheLargeAndRepeatsTheSmallDomain() {
        Map<String, Long> available = new TreeMap<>(Map.of("big", 9000L, "small", 1000L));
        Map<String, Double> f = DomainMixer.factors(available, Map.of("big", 0.5, "small", 0.5), 3.0, null);
        // total = min(10000, 1000 * 3 / 0.5) = 6000 -> big 3000 of 9000, small 3000 of 1000
        assertEquals(1.0 / 3, f.get("big"), 1e-9);
        assertEquals(3.0, f.get("small"), 1e-9);
    }

    @Test void selectionReachesTheFactorAndIsSeeded() {
        int[] lengths = new int[200];
        List<Integer> docs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        long total = 0;
        for (int i = 0; i < lengths.length; i++) { lengths[i] = 50 + r.nextInt(100); docs.add(i); total += lengths[i]; }
        List<Integer> a = DomainMixer.select(docs, lengths, 2.4, new SplittableRandom(9));
        long tokens = a.stream().mapToLong(i -> lengths[i]).sum();
        assertEquals(2.4 * total, tokens, 150);
        assertEquals(a, DomainMixer.select(docs, lengths, 2.4, new SplittableRandom(9)));
    }

    @Test void aDomainWithoutShareIsAnError() {
        assertThrows(UserException.class, () -> DomainMixer.factors(Map.of("a", 10L, "b", 5L), Map.of("a", 1.0), 2, null));
    }
}
