package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionTest {
    @AfterEach void restoreThreads() { Parallel.setThreads(Parallel.defaultThreads()); }

    /** Fast forward (out, lse) and backward (dq, dk, dv) against the double reference. */
    private static void assertMatchesReference(String what, AttentionShape sh, AttentionMask mask, long seed) {
        AttentionRun r = new AttentionRun(sh, mask, seed).run(false);
        double[] q = Approx.toDouble(r.q), k = Approx.toDouble(r.k), v = Approx.toDouble(r.v);
        AttentionReference.Forward f = AttentionReference.forward(sh, mask, r.scale, q, k, v);
        AttentionReference.Gradients g = AttentionReference.backward(sh, mask, r.scale, q, k, v, Approx.toDouble(r.dOut));
        String name = what + " " + sh;
        Approx.assertClose(name + " out", f.out(), Approx.toDouble(r.out), 1e-4, 1e-5);
        for (int i = 0; i < f.lse().length; i++) {
            if (f.lse()[i] == Double.NEGATIVE_INFINITY) {
                assertEquals(Float.NEGATIVE_INFINITY, r.lse[i], name + " lse of an empty row " + i);
                f.lse()[i] = 0;
                r.lse[i] = 0;
            }
        }
        Approx.assertClose(name + " lse", f.lse(), Approx.toDouble(r.lse), 1e-5, 1e-5);
        Approx.assertClose(name + " dq", g.dq(), Approx.toDouble(r.dq), 1e-3, 1e-4);
        Approx.assertClose(name + " dk", g.dk(), Approx.toDouble(r.dk), 1e-3, 1e-4);
        Approx.assertClose(name + " dv", g.dv(), Approx.toDouble(r.dv), 1e-3, 1e-4);
    }

    private static List<AttentionMask> masks(int batch, int keys, long seed) {
        int[] lengths = new int[batch];
        boolean[] scattered = new boolean[batch * keys];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int b = 0; b < batch; b++) lengths[b] = b == 0 ? keys : r.nextInt(keys + 1);
        for (int i = 0; i < scattered.length; i++) scattered[i] = r.nextInt(4) != 0;
        int[] docs = AttentionRun.randomDocuments(seed, batch, keys, 8);
        List<AttentionMask> m = new ArrayList<>();
        m.add(AttentionMask.BIDIRECTIONAL);
        m.add(AttentionMask.CAUSAL);
        m.add(AttentionMask.BIDIRECTIONAL.withKeyLengths(keys, lengths));
        m.add(AttentionMask.CAUSAL.withKeyValid(scattered));
        m.add(AttentionMask.BIDIRECTIONAL.withDocuments(docs));
        m.add(AttentionMask.CAUSAL.withDocuments(docs));
        m.add(AttentionMask.CAUSAL.withKeyLengths(keys, lengths).withDocuments(docs));
        return m;
    }

    private static String describe(AttentionMask m) {
        return (m.causal() ? "causal" : "bidirectional") + (m.keyValid() != null ? "+padding" : "")
                + (m.documentIds() != null ? "+documents" : "");
    }

    @Test void everyMaskOnOddShapes() {
        int[][] shapes = { // B, Hq, Hkv, T, S, D
                {1, 1, 1, 1, 1, 1}, {2, 2, 2, 3, 3, 3}, {2, 2, 1, 17, 17, 17}, {1, 3, 1, 33, 33, 33},
                {2, 4, 2, 100, 100, 16}, {1, 2, 2, 70, 130, 64}, {2, 1, 1, 3, 100, 5}};
        long seed = 11;
        for (int[] s : shapes) {
            AttentionShape sh = new AttentionShape(s[0], s[1], s[2], s[3], s[4], s[5]);
            for (AttentionMask m : masks(sh.batch(), sh.keys(), seed)) assertMatchesReference(describe(m), sh, m, seed++);
        }
    }

    @Test void bidirectionalAllowsMoreKeysThanQueriesAndViceVersa() {
        assertMatchesReference("bidirectional S<T", new AttentionShape(1, 2, 1, 100, 17, 33), AttentionMask.BIDIRECTIONAL, 3);
    }

    @Test void kvCacheBlockIsCausalFromTheEnd() {
        // 3 new queries at absolute positions 97..99 of 100 keys: query 0 sees keys 0..97
        AttentionShape sh = new AttentionShape(1, 1, 1, 3, 100, 8);
        AttentionMask m = AttentionMask.CAUSAL;
        assertTrue(m.allows(0, 0, 97, 3, 100));
        assertTrue(!m.allows(0, 0, 98, 3, 100));
        assertMatchesReference("kv cache", sh, m, 5);
        // the cached block equals the last rows of full self-attention over the 100 positions
        AttentionRun block = new AttentionRun(sh, m, 9);
        AttentionShape full = new AttentionShape(1, 1, 1, 100, 100, 8);
        AttentionRun all = new AttentionRun(full, m, 9);
        System.arraycopy(block.q, 0, all.q, 97 * 8, 3 * 8);
        System.arraycopy(block.k, 0, all.k, 0, block.k.length);
        System.arraycopy(block.v, 0, all.v, 0, block.v.length);
        block.run(false);
        all.run(false);
        float[] tail = java.util.Arrays.copyOfRange(all.out, 97 * 8, 100 * 8);
        Approx.assertClose("kv-cache block vs full", tail, block.out, 1e-6, 1e-6);
    }

    @Test void emptyRowsGiveZeroOutputAndZeroGradient() {
        AttentionShape sh = new AttentionShape(2, 2, 1, 5, 5, 4);
        AttentionMask m = AttentionMask.CAUSAL.withKeyValid(new boolean[] {
                false, false, true, true, true, // row 0: queries 0 and 1 see nothing
                false, false, false, false, false});
        AttentionRun r = new AttentionRun(sh, m, 1).run(false);
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 5; i++) {
                int row = (0 * 2 + h) * 5 + i;
                if (i < 2) assertEquals(Float.NEGATIVE_INFINITY, r.lse[row]);
                for (int c = 0; c < 4; c++) {
                    if (i < 2) {
                        assertEquals(0f, r.out[row * 4 + c]);
                        assertEquals(0f, r.dq[row * 4 + c]);
                    }
                    int row1 = (1 * 2 + h) * 5 + i;
                    assertEquals(0f, r.out[row1 * 4 + c]);
                    assertEquals(0f, r.dq[row1 * 4 + c]);
                }
            }
        }
        for (float x : r.dk) assertTrue(Float.isFinite(x));
        assertMatchesReference("empty rows", sh, m, 1);
    }

    @Test void tilesHiddenByTheMaskAreSkipped() {
        AttentionShape sh = new AttentionShape(1, 1, 1, 256, 256, 8);
        AttentionPlan causal = new AttentionPlan(sh, AttentionMask.CAUSAL);
        assertEquals(AttentionPlan.SKIP, causal.classify(0, 0, 64, 64, 128));
        assertEquals(AttentionPlan.PARTIAL, causal.classify(0, 64, 128, 64, 128));
        assertEquals(AttentionPlan.FULL, causal.classify(0, 128, 192, 0, 64));
        int[] docs = new int[256];
        for (int p = 0; p < 256; p++) docs[p] = p / 100; // documents [0,100), [100,200), [200,256)
        AttentionPlan doc = new AttentionPlan(sh, AttentionMask.BIDIRECTIONAL.withDocuments(docs));
        assertEquals(AttentionPlan.SKIP, doc.classify(0, 0, 64, 128, 192));
        assertEquals(AttentionPlan.FULL, doc.classify(0, 0, 64, 0, 64));
        assertEquals(AttentionPlan.PARTIAL, doc.classify(0, 64, 128, 64, 128));
        assertEquals(AttentionPlan.SKIP, doc.classify(0, 200, 256, 0, 64));
        AttentionPlan pad = new AttentionPlan(sh, AttentionMask.BIDIRECTIONAL.withKeyLengths(256, 70));
        assertEquals(AttentionPlan.SKIP, pad.classify(0, 0, 64, 128, 192));
        assertEquals(AttentionPlan.PARTIAL, pad.classify(0, 0, 64, 64, 128));
    }

    @Test void sequenceMajorLayoutGivesTheSameBits() {
        AttentionShape sh = new AttentionShape(2, 4, 2, 37, 37, 24);
        AttentionMask m = AttentionMask.CAUSAL.withDocuments(AttentionRun.randomDocuments(4, 2, 37, 10));
        AttentionRun a = new AttentionRun(sh, m, 21).run(false), b = new AttentionRun(sh, m, 21).run(true);
        Approx.assertBitsEqual("out", a.out, b.out);
        Approx.assertBitsEqual("dq", a.dq, b.dq);
        Approx.assertBitsEqual("dk", a.dk, b.dk);
        Approx.assertBitsEqual("dv", a.dv, b.dv);
    }

    @Test void oneAndTwoThreadsAreBitIdentical() {
        AttentionShape sh = new AttentionShape(2, 4, 2, 150, 150, 40);
        AttentionMask m = AttentionMask.CAUSAL.withKeyLengths(150, 150, 120)
                .withDocuments(AttentionRun.randomDocuments(2, 2, 150, 60));
        Parallel.setThreads(1);
        AttentionRun one = new AttentionRun(sh, m, 8).run(false);
        Parallel.setThreads(2);
        AttentionRun two = new AttentionRun(sh, m, 8).run(false);
        Parallel.setThreads(3);
        AttentionRun three = new AttentionRun(sh, m, 8).run(false);
        for (AttentionRun r : new AttentionRun[] {two, three}) {
            Approx.assertBitsEqual("out", one.out, r.out);
            Approx.assertBitsEqual("lse", one.lse, r.lse);
            Approx.assertBitsEqual("dq", one.dq, r.dq);
            Approx.assertBitsEqual("dk", one.dk, r.dk);
            Approx.assertBitsEqual("dv", one.dv, r.dv);
        }
    }

    @Test void badMasksAreRejectedWithAReason() {
        AttentionShape sh = new AttentionShape(2, 1, 1, 4, 4, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> new AttentionPlan(sh,
                AttentionMask.CAUSAL.withDocuments(new int[] {0, 0, 1, 0, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("contiguous run"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AttentionPlan(sh,
                AttentionMask.BIDIRECTIONAL.withKeyValid(new boolean[3])));
        assertTrue(e.getMessage().contains("expected batch 2 x keys 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AttentionPlan(
                new AttentionShape(1, 1, 1, 5, 4, 8), AttentionMask.CAUSAL));
        assertTrue(e.getMessage().contains("queries <= keys"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AttentionShape(1, 3, 2, 4, 4, 8));
    }
}
