package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class NearDuplicateTest {
    private static DuplicateFinder.Verdicts find(List<String> texts, DedupConfig cfg, int threads) {
        Iterator<String> it = texts.iterator();
        return new DuplicateFinder(cfg, threads).find(() -> it.hasNext() ? it.next() : null, () -> {});
    }

    /** The acceptance measurement: planted copies whose similarity spans the threshold on both sides. */
    @Test void recallAndPrecisionOnAPlantedSet() {
        SyntheticCorpus.Corpus c = new SyntheticCorpus(11).generate(4000, 0.3, 160, 0.08);
        DedupConfig cfg = DedupConfig.defaults().withThreshold(0.8);
        DuplicateFinder.Verdicts v = find(c.texts(), cfg, 2);
        MinHasher h = new MinHasher(cfg);
        int truePairs = 0, found = 0, belowThreshold = 0;
        for (int[] p : c.planted()) {
            double j = MinHasher.jaccard(h.sketch(c.texts().get(p[0])).shingles(), h.sketch(c.texts().get(p[1])).shingles());
            boolean together = v.keptAs()[p[0]] == v.keptAs()[p[1]];
            if (j >= 0.8) { truePairs++; if (together) found++; }
            else belowThreshold++;
        }
        // every pair the dedup put in one cluster, checked against the exact similarity
        int predicted = 0, correct = 0;
        for (int i = 0; i < v.size(); i++) {
            if (v.kept(i)) continue;
            predicted++;
            double j = MinHasher.jaccard(h.sketch(c.texts().get(i)).shingles(), h.sketch(c.texts().get(v.keptAs()[i])).shingles());
            if (j >= 0.8) correct++;
        }
        assertTrue(truePairs > 300 && belowThreshold > 100, "the planted set spans the threshold: " + truePairs + "/" + belowThreshold);
        double recall = (double) found / truePairs, precision = (double) correct / predicted;
        assertTrue(recall >= 0.95, "recall " + recall);
        assertTrue(precision >= 0.99, "precision " + precision);
        for (var p : v.nearPairs()) assertTrue(p.jaccard() >= 0.8);
    }

    @Test void sameVerdictsWithOneOrTwoThreads() {
        SyntheticCorpus.Corpus c = new SyntheticCorpus(5).generate(1500, 0.3, 120, 0.05);
        DedupConfig cfg = DedupConfig.defaults();
        assertArrayEquals(find(c.texts(), cfg, 1).keptAs(), find(c.texts(), cfg, 2).keptAs());
    }

    @Test void exactDuplicatesIgnoreCaseAndWhitespaceAndTheFirstIsKept() {
        List<String> t = List.of("Hello  World, this is a test", "other text entirely here", "hello world,\nthis is a TEST");
        DuplicateFinder.Verdicts v = find(t, DedupConfig.defaults(), 2);
        assertArrayEquals(new int[] {0, 1, 0}, v.keptAs());
        assertEquals(1, v.exactRemoved());
        assertEquals(0, v.nearRemoved());
    }

    @Test void chineseNearDuplicatesUseCharacterShingles() {
        String poem = "床前明月光，疑是地上霜。举头望明月，低头思故乡。春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。"
                + "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。";
        String edited = poem.replace("黄河", "长江");
        String other = "红豆生南国，春来发几枝。愿君多采撷，此物最相思。空山不见人，但闻人语响。返景入深林，复照青苔上。";
        DuplicateFinder.Verdicts v = find(List.of(poem, other, edited), DedupConfig.defaults().withThreshold(0.7), 1);
        assertTrue(v.kept(0));
        assertTrue(v.kept(1));
        assertFalse(v.kept(2));
        assertEquals(0, v.keptAs()[2]);
    }

    @Test void jaccardOfSortedSets() {
        assertEquals(0.5, MinHasher.jaccard(new int[] {1, 2, 3}, new int[] {2, 3, 4}), 1e-12);
        assertEquals(1.0, MinHasher.jaccard(new int[] {}, new int[] {}), 1e-12);
    }
}
