package llmforge.train.mlm;

import llmforge.data.MlmMasker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlmDataTest {
    static final int CLS = 2, SEP = 3, MASK = 4;

    @Test void packerFillsRowsAndSeparatesDocuments() {
        MlmCorpus.Packer p = new MlmCorpus.Packer(6, CLS, SEP);
        p.add(new int[] {5, 6});
        p.add(new int[] {7, 8, 9});
        p.add(new int[] {10});
        p.add(new int[] {11, 12, 13});
        List<int[]> rows = p.finish();
        assertEquals(3, rows.size());
        assertArrayEquals(new int[] {CLS, 5, 6, SEP, 7, SEP}, rows.get(0));
        assertArrayEquals(new int[] {CLS, 8, 9, SEP, 10, SEP}, rows.get(1));
        assertArrayEquals(new int[] {CLS, 11, 12, 13, SEP}, rows.get(2), "a row never starts with the separator");
    }

    @Test void batchKeepsOnlyChosenPositionsAndAlwaysChoosesOne() {
        boolean[] special = new boolean[40], cont = new boolean[40];
        for (int i = 0; i <= MASK; i++) special[i] = true;
        MlmMasker masker = new MlmMasker(MASK, special, cont, 0.15, false);
        int[][] rows = {{CLS, 10, 11, 12, 13, 14, 15, 16, SEP}, {CLS, 20, 21, SEP}};
        MlmBatch b = MlmBatch.of(rows, 0, masker, 42);
        MlmMasker.Masked direct = masker.mask(padded(rows), 42);
        assertTrue(direct.maskedCount() > 0, "seed 42 masks something: no redraw here");
        assertArrayEquals(direct.inputs(), b.input().ids());
        assertEquals(direct.maskedCount(), b.labels().length);
        for (int k = 0; k < b.positions().length; k++) assertEquals(direct.labels()[b.positions()[k]], b.labels()[k]);
        assertArrayEquals(new int[] {9, 4}, b.input().lengths());
        for (long seed = 0; seed < 50; seed++) {
            MlmBatch one = MlmBatch.of(new int[][] {{CLS, 30, SEP}}, 0, masker, seed);
            assertArrayEquals(new int[] {1}, one.positions(), "the only maskable token is chosen after a redraw if need be");
            assertEquals(30, one.labels()[0]);
        }
    }

    static int[] padded(int[][] rows) {
        int[] ids = new int[18];
        System.arraycopy(rows[0], 0, ids, 0, 9);
        System.arraycopy(rows[1], 0, ids, 9, 4);
        return ids;
    }

    @Test void heldOutSplitIsAFunctionOfTheTextAlone() {
        int held = 0;
        for (int i = 0; i < 2000; i++) {
            boolean h = MlmCorpus.heldOut("document " + i, 0.1);
            assertEquals(h, MlmCorpus.heldOut("document " + i, 0.1));
            if (h) held++;
        }
        assertTrue(held > 140 && held < 260, held + " of 2000 held out at 10 %");
    }
}
