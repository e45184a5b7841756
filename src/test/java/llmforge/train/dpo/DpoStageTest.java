package llmforge.train.dpo;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.nn.Init;
import llmforge.tensor.Tensor;
import llmforge.train.Metrics;
import llmforge.train.PaddedBatch;
import llmforge.train.PrefFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpoStageTest {
    static final int VOCAB = 40, PAD = 1;

    static List<PreferencePair> pairs() {
        List<PreferencePair> out = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        for (int i = 0; i < 4; i++) {
            int prompt = 3 + rnd.nextInt(4);
            int[] c = rnd.ints(prompt + 2 + rnd.nextInt(5), 2, VOCAB).toArray();
            int[] r = rnd.ints(prompt + 1 + rnd.nextInt(7), 2, VOCAB).toArray();
            System.arraycopy(c, 0, r, 0, prompt);     // same prompt, different answers
            out.add(new PreferencePair(i, c, prompt, r, prompt, null));
        }
        return out;
    }

    static Decoder reference() { return PrefFixtures.decoder("llama", VOCAB, 7); }

    static Decoder policy() {
        Decoder d = reference();
        for (Parameter p : d.parameters()) if (p.shape().length >= 2) Init.normal(p, 9, 0.05);  // moved away from the reference
        return d;
    }

    static DpoStage stage(Decoder policy, ReferenceLogProbs ref, int batch) {
        List<PreferencePair> ps = pairs();
        return new DpoStage(policy, ps, List.of(), ref, new DpoLoss.Settings(DpoLoss.Variant.DPO, 0.1, 0, 0), batch, 1, PAD, 3, null);
    }

    @Test void targetsCoverTheAnswerTokensOnly() {
        PaddedBatch b = PaddedBatch.rightPadded(List.of(new int[] {5, 6, 7, 8, 9}, new int[] {5, 6, 10}), PAD);
        int[] t = SequenceLogProbs.answerTargets(b, new int[] {3, 2});
        int x = SequenceLogProbs.IGNORE;
        // row 0: answer = tokens 8, 9 (positions 3, 4) predicted from positions 2, 3; row 1: token 10 from position 1
        assertEquals(List.of(x, x, 8, 9, x, x, 10, x, x, x), java.util.Arrays.stream(t).boxed().toList());
    }

    @Test void sequenceLogProbIsTheSumOfAnswerTokenLogProbsWhateverThePadding() {
        Decoder m = reference();
        m.train(false);
        int[] a = {5, 6, 7, 8, 9}, other = {4, 4, 4, 4, 4, 4, 4, 4, 4};
        double expected = 0;
        try (Grad.Scope g = Grad.off(); Tape tape = Tape.open()) {
            float[] logits = m.logits(a, llmforge.nn.SequenceLayout.plain(1, a.length)).toFloatArray();
            for (int p = 2; p < a.length; p++) {       // answer starts at 3: tokens 3..4 predicted at 2..3
                if (p + 1 >= a.length) break;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int v = 0; v < VOCAB; v++) max = Math.max(max, logits[p * VOCAB + v]);
                for (int v = 0; v < VOCAB; v++) sum += Math.exp(logits[p * VOCAB + v] - max);
                expected += logits[p * VOCAB + a[p + 1]] - max - Math.log(sum);
            }
            float alone = SequenceLogProbs.of(m, PaddedBatch.rightPadded(List.of(a), PAD), new int[] {3}).toFloatArray()[0];
            float padded = SequenceLogProbs.of(m, PaddedBatch.rightPadded(List.of(other, a), PAD), new int[] {2, 3}).toFloatArray()[1];
            assertEquals(expected, alone, 1e-4);
            assertEquals(alone, padded, 1e-5);
        }
    }

    /** The same loss and gradients whether the reference log-probs were precomputed or come from a live reference. */
    @Test void precomputedAndOnTheFlyReferenceGiveTheSameLoss() {
        Decoder ref = reference();
        ReferenceLogProbs pre = ReferenceLogProbs.precomputed(ref, pairs(), 3, PAD);
        float[][] a = step(stage(policy(), pre, 4)), b = step(stage(policy(), ReferenceLogProbs.onTheFly(ref, PAD), 4));
        Approx.assertClose("loss", a[0], b[0], 1e-6, 1e-7);
        Approx.assertClose("grad", a[1], b[1], 1e-5, 1e-7);
        assertTrue(Math.abs(a[0][0] - Math.log(2)) > 1e-3, "the policy differs from the reference, so the loss is not log 2");
    }

    /** Two micro-batches of 2 pairs with the step's pair count as divisor accumulate to one batch of 4. */
    @Test void accumulationIsNormalisedPerPair() {
        Decoder ref = reference();
        ReferenceLogProbs pre = ReferenceLogProbs.precomputed(ref, pairs(), 4, PAD);
        float[][] one = step(stage(policy(), pre, 4));
        DpoStage two = stage(policy(), pre, 2);
        PreferenceBatch b1 = two.nextBatch(), b2 = two.nextBatch();
        two.parameters().forEach(Parameter::zeroGrad);
        double loss = 0;
        for (PreferenceBatch b : List.of(b1, b2)) {
            try (Tape tape = Tape.open()) {
                Tensor l = two.loss(b, 4f, new Metrics());
                tape.backward(l);
                loss += l.item();
            }
        }
        Approx.assertClose("loss", one[0], new float[] {(float) loss}, 1e-5, 1e-7);
        Approx.assertClose("grad", one[1], grads(two), 1e-4, 1e-7);
    }

    @Test void metricsAreLogged() {
        DpoStage s = stage(policy(), ReferenceLogProbs.onTheFly(reference(), PAD), 4);
        Metrics m = new Metrics();
        try (Tape tape = Tape.open()) {
            s.loss(s.nextBatch(), 4f, m);
        }
        for (String k : List.of("rewards/accuracy", "rewards/chosen", "rewards/rejected", "rewards/margin", "logps/chosen", "logps/rejected")) {
            assertTrue(m.get(k) != null && Double.isFinite(m.get(k)), k);
        }
        assertEquals(m.get("rewards/chosen") - m.get("rewards/rejected"), m.get("rewards/margin"), 1e-6);
    }

    /** One full batch (all 4 pairs, divisor 4): {loss}, {flattened gradients}. */
    static float[][] step(DpoStage s) {
        PreferenceBatch b = s.nextBatch();
        s.parameters().forEach(Parameter::zeroGrad);
        float loss;
        try (Tape tape = Tape.open()) {
            Tensor l = s.loss(b, 4f, new Metrics());
            tape.backward(l);
            loss = l.item();
        }
        return new float[][] {{loss}, grads(s)};
    }

    static float[] grads(DpoStage s) {
        int n = 0;
        for (Parameter p : s.parameters()) n += (int) p.size();
        float[] g = new float[n];
        int at = 0;
        for (Parameter p : s.parameters()) {
            float[] x = p.grad().toFloatArray();
            System.arraycopy(x, 0, g, at, x.length);
            at += x.length;
        }
        return g;
    }
}
