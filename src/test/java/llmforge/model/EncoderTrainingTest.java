package llmforge.model;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTrainingTest {
    static final EncoderConfig TINY = new EncoderConfig(32, 16, 2, 32, 2, 4, 64, 1e-12f, 0f, false, 2, 0);

    /** Toy task: label 1 iff token 7 occurs in the (variable-length, padded) sequence. */
    static EncoderBatch toyBatch(SplittableRandom r, int[] labels) {
        int[][] seqs = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            int n = 4 + r.nextInt(9);
            seqs[i] = new int[n];
            seqs[i][0] = 1;                                        // [CLS]
            for (int j = 1; j < n; j++) seqs[i][j] = 8 + r.nextInt(24);
            labels[i] = r.nextInt(2);
            if (labels[i] == 1) seqs[i][1 + r.nextInt(n - 1)] = 7;
        }
        return EncoderBatch.of(seqs, 0);
    }

    static double accuracy(Encoder m, EncoderBatch b, int[] labels) {
        m.train(false);
        float[] l;
        try (var g = Grad.off()) { l = m.classLogits(m.hidden(b)).toFloatArray(); }
        m.train(true);
        int right = 0;
        for (int i = 0; i < labels.length; i++) if ((l[2 * i + 1] > l[2 * i] ? 1 : 0) == labels[i]) right++;
        return (double) right / labels.length;
    }

    @Test
    void learnsAToyClassification() {
        {
            Encoder m = new Encoder(TINY, 1);
            AdamW opt = AdamW.create(m.parameters(), AdamWConfig.DEFAULT);
            SplittableRandom r = new SplittableRandom(2);
            int[] testLabels = new int[64];
            EncoderBatch test = toyBatch(new SplittableRandom(99), testLabels);
            double before = accuracy(m, test, testLabels);
            for (int step = 0; step < 60; step++) {
                int[] labels = new int[16];
                EncoderBatch b = toyBatch(r, labels);
                try (Tape tape = Tape.open()) {
                    tape.backward(m.classificationLoss(b, labels, labels.length));
                }
                opt.step(3e-3);
                opt.zeroGrad();
            }
            double after = accuracy(m, test, testLabels);
            assertTrue(after >= 0.9, "accuracy " + before + " -> " + after);
        }
    }

    @Test
    void paddingChangesNothingForRealTokens() {
        Encoder m = new Encoder(TINY.withLabels(0), 3);
        m.train(false);
        int[] seq = {1, 9, 12, 30, 2};
        try (var g = Grad.off()) {
            EncoderBatch alone = EncoderBatch.of(new int[][] {seq}, 0);
            // same row padded to 8 with arbitrary ids: the mask must hide them
            EncoderBatch padded = new EncoderBatch(new int[] {1, 9, 12, 30, 2, 17, 5, 22}, null, new int[] {5}, 1, 8);
            float[] a = Encoder.meanPool(m.hidden(alone), alone).toFloatArray();
            float[] b = m.sentenceEmbeddings(padded).toFloatArray();
            Approx.assertClose("mean-pooled embedding", a, b, 1e-5, 1e-5);
            Tensor la = m.mlmLogits(m.hidden(alone)), lb = m.mlmLogits(m.hidden(padded));
            float[] fa = la.toFloatArray(), fb = lb.toFloatArray();
            Approx.assertClose("mlm logits", fa, java.util.Arrays.copyOf(fb, fa.length), 1e-5, 1e-5);
        }
    }

    @Test
    void preNormMlmLossFallsOnAFixedBatch() {
        EncoderConfig c = new EncoderConfig(32, 16, 2, 32, 2, 4, 64, 1e-12f, 0f, true, 0, 0);
        Encoder m = new Encoder(c, 4);
        AdamW opt = AdamW.create(m.parameters(), AdamWConfig.DEFAULT);
        int[] ids = {1, 10, 11, 12, 13, 14, 2, 1, 20, 21, 22, 23, 24, 2};
        int[] in = ids.clone(), labels = new int[ids.length];
        java.util.Arrays.fill(labels, -100);
        for (int p : new int[] {2, 4, 9, 12}) { labels[p] = ids[p]; in[p] = 3; }
        EncoderBatch b = new EncoderBatch(in, null, null, 2, 7);
        float first = 0, last = 0;
        for (int s = 0; s < 40; s++) {
            try (Tape tape = Tape.open()) {
                Tensor loss = m.mlmLoss(b, labels, 4);
                tape.backward(loss);
                last = loss.item();
                if (s == 0) first = last;
            }
            opt.step(3e-3);
            opt.zeroGrad();
        }
        assertEquals(Math.log(32), first, 0.5);
        assertTrue(last < 0.2 * first, first + " -> " + last);
    }
}
