package llmforge.optim;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A linear model y = W x with per-token loss 0.5 |W x_t - y_t|^2, whose backward is written by hand: the point is
 * the normalisation arithmetic of accumulation, not the ops.
 */
class GradientAccumulatorTest {
    static final int IN = 4, OUT = 3, TOKENS = 10;
    final float[] w = Approx.random(1, OUT * IN, -1, 1);
    final float[][] x = new float[TOKENS][], y = new float[TOKENS][];

    GradientAccumulatorTest() {
        for (int t = 0; t < TOKENS; t++) {
            x[t] = Approx.random(100 + t, IN, -1, 1);
            y[t] = Approx.random(200 + t, OUT, -1, 1);
        }
    }

    Parameter model() {
        Parameter p = new Parameter("w", OUT, IN);
        p.value().copyFrom(w);
        return p;
    }

    /**
     * Forward + backward of the SUM loss over tokens [from, to), as a backward kernel would do it: the batch's
     * gradient is formed in float, then added into the parameter's accumulated gradient. Returns the loss sum.
     */
    double sumLossBackward(Parameter p, int from, int to) {
        float[] local = new float[OUT * IN];
        double loss = 0;
        for (int t = from; t < to; t++) {
            for (int o = 0; o < OUT; o++) {
                float r = -y[t][o];
                for (int i = 0; i < IN; i++) r += w[o * IN + i] * x[t][i];
                loss += 0.5 * r * r;
                for (int i = 0; i < IN; i++) local[o * IN + i] += r * x[t][i];
            }
        }
        for (int j = 0; j < local.length; j++) p.grad().set(j, p.grad().get(j) + local[j]);
        return loss;
    }

    /** d/dW of the MEAN loss over all tokens, in double. */
    double[] referenceMeanGradient() {
        double[] g = new double[OUT * IN];
        for (int t = 0; t < TOKENS; t++) {
            for (int o = 0; o < OUT; o++) {
                double r = -y[t][o];
                for (int i = 0; i < IN; i++) r += (double) w[o * IN + i] * x[t][i];
                for (int i = 0; i < IN; i++) g[o * IN + i] += r * x[t][i] / TOKENS;
            }
        }
        return g;
    }

    @Test
    void twoUnequalMicroBatchesGiveTheGradientOfOneBatch() {
        Parameter whole = model();
        GradientAccumulator one = new GradientAccumulator(List.of(whole));
        one.add(TOKENS, sumLossBackward(whole, 0, TOKENS));
        GradientAccumulator.Step oneStep = one.finish();

        Parameter split = model();
        GradientAccumulator two = new GradientAccumulator(List.of(split));
        two.add(3, sumLossBackward(split, 0, 3));
        two.add(7, sumLossBackward(split, 3, TOKENS));
        assertEquals(TOKENS, two.tokens());
        GradientAccumulator.Step twoStep = two.finish();

        assertEquals(TOKENS, twoStep.tokens());
        assertEquals(oneStep.meanLoss(), twoStep.meanLoss(), 1e-12);
        // the two differ only by float rounding of the sum's grouping (3 + 7 vs 10)
        Approx.assertClose("split vs whole", whole.grad().toFloatArray(), split.grad().toFloatArray(), 1e-6, 1e-7);
        Approx.assertClose("split vs reference", referenceMeanGradient(), split.grad().toDoubleArray(), 1e-5, 1e-7);
    }

    @Test
    void averagingMicroBatchMeansWouldBeWrong() {
        // the pitfall the accumulator exists to avoid: mean per micro-batch, then mean of the two means
        Parameter a = model(), b = model();
        sumLossBackward(a, 0, 3);
        sumLossBackward(b, 3, TOKENS);
        double[] ga = a.grad().toDoubleArray(), gb = b.grad().toDoubleArray(), naive = new double[ga.length];
        for (int j = 0; j < naive.length; j++) naive[j] = (ga[j] / 3 + gb[j] / 7) / 2;
        double[] ref = referenceMeanGradient();
        double maxRel = 0;
        for (int j = 0; j < ref.length; j++) maxRel = Math.max(maxRel, Math.abs(naive[j] - ref[j]) / Math.abs(ref[j]));
        assertTrue(maxRel > 0.01, "per-micro-batch means should visibly differ, max relative difference " + maxRel);
    }

    @Test
    void emptyStepLeavesGradientsAndReportsNoTokens() {
        Parameter p = model();
        p.grad().copyFrom(Approx.random(9, OUT * IN, -1, 1));
        float[] before = p.grad().toFloatArray();
        GradientAccumulator acc = new GradientAccumulator(List.of(p));
        acc.add(0, 0);
        GradientAccumulator.Step s = acc.finish();
        assertTrue(s.empty());
        assertTrue(Double.isNaN(s.meanLoss()));
        Approx.assertBitsEqual("grad", before, p.grad().toFloatArray());
    }

    @Test
    void finishStartsTheNextStepFromZero() {
        Parameter p = model();
        GradientAccumulator acc = new GradientAccumulator(List.of(p));
        acc.add(5, 10);
        assertEquals(2.0, acc.finish().meanLoss());
        assertEquals(0, acc.tokens());
        acc.add(4, 2);
        assertEquals(0.5, acc.finish().meanLoss());
        assertThrows(IllegalArgumentException.class, () -> acc.add(-1, 0));
    }
}
