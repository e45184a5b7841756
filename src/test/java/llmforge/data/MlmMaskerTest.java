package llmforge.data;

import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlmMaskerTest {
    static final int V = 100, PAD = 0, CLS = 1, SEP = 2, MASK = 3;

    static MlmMasker masker(boolean wholeWord) {
        boolean[] special = new boolean[V], cont = new boolean[V];
        special[PAD] = special[CLS] = special[SEP] = special[MASK] = true;
        for (int i = 50; i < V; i++) cont[i] = true;   // ids 50.. are "##" pieces
        return new MlmMasker(MASK, special, cont, 0.15, wholeWord);
    }

    static int[] corpus(int n) {
        SplittableRandom r = new SplittableRandom(1);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i % 64 == 0 ? CLS : i % 64 == 63 ? SEP : 4 + r.nextInt(V - 4);
        return ids;
    }

    @Test
    void masksFifteenPercentSplitEightyTenTen() {
        int[] ids = corpus(200_000);
        MlmMasker.Masked m = masker(false).mask(ids, 5);
        int candidates = 0, chosen = 0, masked = 0, kept = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == CLS || ids[i] == SEP) {
                assertEquals(MlmMasker.IGNORE, m.labels()[i]);
                assertEquals(ids[i], m.inputs()[i]);
                continue;
            }
            candidates++;
            if (m.labels()[i] == MlmMasker.IGNORE) {
                assertEquals(ids[i], m.inputs()[i], "unchosen tokens are untouched");
                continue;
            }
            assertEquals(ids[i], m.labels()[i]);
            chosen++;
            if (m.inputs()[i] == MASK) masked++;
            else if (m.inputs()[i] == ids[i]) kept++;
            else assertTrue(m.inputs()[i] > MASK, "random replacements are never special");
        }
        assertEquals(0.15, (double) chosen / candidates, 0.005);
        assertEquals(0.80, (double) masked / chosen, 0.015);
        // kept = the 10 % kept + the ~1 % of random replacements that drew the same id
        assertEquals(0.10 + 0.1 / (V - 4), (double) kept / chosen, 0.012);
        assertEquals(chosen, m.maskedCount());
    }

    @Test
    void deterministicPerSeed() {
        int[] ids = corpus(1000);
        assertArrayEquals(masker(false).mask(ids, 9).inputs(), masker(false).mask(ids, 9).inputs());
        assertTrue(!java.util.Arrays.equals(masker(false).mask(ids, 9).labels(), masker(false).mask(ids, 10).labels()));
    }

    @Test
    void wholeWordMaskingTakesAllPiecesOfAWord() {
        int[] ids = corpus(50_000);
        MlmMasker.Masked m = masker(true).mask(ids, 3);
        int words = 0, chosenWords = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean special = ids[i] < 4;
            if (special) continue;
            boolean cont = ids[i] >= 50 && i > 0 && ids[i - 1] >= 4;
            boolean labelled = m.labels()[i] != MlmMasker.IGNORE;
            if (cont) {
                boolean prevLabelled = m.labels()[i - 1] != MlmMasker.IGNORE;
                assertEquals(prevLabelled, labelled, "piece " + i + " must follow its word");
            } else {
                words++;
                if (labelled) chosenWords++;
            }
        }
        assertEquals(0.15, (double) chosenWords / words, 0.01);
    }

    @Test
    void accuracyCountsOnlyLabelledPositions() {
        Tensor logits = Tensor.of(new float[] {0, 5, 1, 9, 0, 0, 0, 0, 7}, 3, 3);
        assertEquals(0.5, MlmMasker.accuracy(logits, new int[] {1, -100, 0}), 1e-12);
    }
}
