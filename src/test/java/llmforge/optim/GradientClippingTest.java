package llmforge.optim;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {
    /** Parameters of odd sizes with uniform gradients in [-scale, scale). */
    static List<Parameter> withGrads(double scale, int... sizes) {
        Parameter[] ps = new Parameter[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            ps[i] = new Parameter("p" + i, sizes[i]);
            ps[i].grad().copyFrom(Approx.random(31L * i + sizes[i], sizes[i], -scale, scale));
        }
        return List.of(ps);
    }

    static double referenceNorm(List<Parameter> ps) {
        double s = 0;
        for (Parameter p : ps) for (double g : p.grad().toDoubleArray()) s += g * g;
        return Math.sqrt(s);
    }

    @Test
    void normMatchesDoubleReference() {
        List<Parameter> ps = withGrads(1, 1, 3, 17, 1000, 100003);
        double expected = referenceNorm(ps);
        assertEquals(expected, Gradients.globalNorm(ps), 1e-12 * expected);
    }

    @Test
    void scalesExactlyWhenAboveTheThreshold() {
        List<Parameter> ps = withGrads(1, 3, 17, 1000);
        float[][] before = ps.stream().map(p -> p.grad().toFloatArray()).toArray(float[][]::new);
        double norm = referenceNorm(ps);
        GradientClipping.Result r = GradientClipping.clipGlobalNorm(ps, 1.0);
        assertTrue(norm > 1.0 && r.clipped() && r.finite());
        assertEquals(norm, r.norm(), 1e-12 * norm);
        assertEquals(1.0 / (r.norm() + 1e-6), r.scale());
        float f = (float) r.scale();
        for (int i = 0; i < ps.size(); i++) {
            float[] expected = before[i].clone();
            for (int j = 0; j < expected.length; j++) expected[j] *= f;
            Approx.assertBitsEqual("grad " + i, expected, ps.get(i).grad().toFloatArray());
        }
        assertEquals(1.0, Gradients.globalNorm(ps), 1e-6);
    }

    @Test
    void leavesGradientsAloneAtOrBelowTheThreshold() {
        List<Parameter> ps = withGrads(1e-3, 3, 17, 1000);
        float[][] before = ps.stream().map(p -> p.grad().toFloatArray()).toArray(float[][]::new);
        GradientClipping.Result r = GradientClipping.clipGlobalNorm(ps, 1.0);
        assertFalse(r.clipped());
        assertEquals(1.0, r.scale());
        for (int i = 0; i < ps.size(); i++) Approx.assertBitsEqual("grad " + i, before[i], ps.get(i).grad().toFloatArray());
    }

    @Test
    void reportsNonFiniteNormsWithoutTouchingGradients() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            List<Parameter> ps = withGrads(1, 17, 1000);
            ps.get(1).grad().set(500, bad);
            float[] before = ps.get(0).grad().toFloatArray();
            GradientClipping.Result r = GradientClipping.clipGlobalNorm(ps, 1.0);
            assertFalse(r.finite(), "norm with " + bad);
            assertFalse(r.clipped());
            Approx.assertBitsEqual("untouched", before, ps.get(0).grad().toFloatArray());
        }
    }

    @Test
    void frozenParametersNeitherCountNorScale() {
        List<Parameter> ps = withGrads(1, 17, 1000);
        Parameter frozen = ps.get(1).trainable(false);
        assertNull(frozen.grad(), "freezing drops the gradient buffer");
        double norm = referenceNorm(List.of(ps.get(0)));
        GradientClipping.Result r = GradientClipping.clipGlobalNorm(ps, 0.5);
        assertEquals(norm, r.norm(), 1e-12 * norm);
        assertFalse(frozen.hasGrad());
    }

    @Test
    void rejectsBadMaxNorm() {
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(List.of(), Double.NaN));
    }
}
