package llmforge.autograd;

import llmforge.kernels.CrossEntropyReference;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CrossEntropyLossTest {
    static final int[] T = {3, -100, 0, 6, 6, -100, 1};  // 7 rows, vocabulary 9

    @Test void meanWithIgnoreIndex() {
        GradCheck.of("ce mean", in -> CrossEntropyLoss.mean(in[0], T, -100),
                        x -> new double[] {CrossEntropyReference.loss(x[0], 7, 9, T, null, -100, 5)})
                .run(GradCheck.input(1, -3, 3, 7, 9));
    }

    @Test void weightedMeanDividesByCountedWeight() {
        Tensor w = Tensor.of(new float[] {0.5f, 9f, 2f, 1f, 0.25f, 9f, 1.5f}, 7);
        double[] wd = w.toDoubleArray();
        double counted = 0.5 + 2 + 1 + 0.25 + 1.5;
        assertEquals(counted, CrossEntropyLoss.countedWeight(T, w, -100), 1e-9);
        GradCheck.of("ce weighted mean", in -> CrossEntropyLoss.mean(in[0], T, w, -100),
                        x -> new double[] {CrossEntropyReference.loss(x[0], 7, 9, T, wd, -100, counted)})
                .run(GradCheck.input(2, -3, 3, 7, 9));
    }

    @Test void sumReportsCountAndCallerDivisorNormalises() {
        Tensor x = GradCheck.input(3, -3, 3, 7, 9);
        var s = CrossEntropyLoss.sum(x, T, null, -100);
        assertEquals(5, s.counted());
        assertEquals(5.0, s.weight());
        double ref = CrossEntropyReference.loss(x.toDoubleArray(), 7, 9, T, null, -100, 1);
        assertEquals(ref, s.loss().item(), 1e-4);
        // divisor = tokens counted over a whole accumulated step (here 12)
        GradCheck.of("ce divisor", in -> CrossEntropyLoss.crossEntropy(in[0], T, null, -100, 12),
                        xs -> new double[] {CrossEntropyReference.loss(xs[0], 7, 9, T, null, -100, 12)})
                .run(x);
    }

    @Test void allIgnoredMeanIsZeroWithZeroGradient() {
        int[] t = {-100, -100};
        Tensor x = GradCheck.input(4, -1, 1, 2, 5);
        try (Tape tape = Tape.open()) {
            Tensor loss = CrossEntropyLoss.mean(x, t, -100);
            assertEquals(0f, loss.item());
            tape.backward(loss);
            for (float g : x.grad().toFloatArray()) assertEquals(0f, g);
        }
    }

    @Test void targetLogProbs() {
        GradCheck.of("target log-probs", in -> TargetLogProbs.gather(in[0], T, -100),
                        x -> CrossEntropyReference.targetLogProbs(x[0], 7, 9, T, -100))
                .run(GradCheck.input(5, -3, 3, 7, 9));
    }

    @Test void sameBitsForOneAndTwoThreads() {
        int n = 64, v = 4099;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = i % 5 == 0 ? -100 : (i * 977) % v;
        Tensor x = GradCheck.input(6, -5, 5, n, v);
        ThreadInvariance.check("ce", in -> CrossEntropyLoss.mean(in[0], t, -100), x);
        ThreadInvariance.check("target log-probs", in -> TargetLogProbs.gather(in[0], t, -100), x);
    }
}
