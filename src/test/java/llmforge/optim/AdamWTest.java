package llmforge.optim;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.kernels.AdamWKernel;
import llmforge.kernels.AdamWKernelReference;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {
    static Parameter param(String name, long seed, int... shape) {
        Parameter p = new Parameter(name, shape);
        p.value().copyFrom(Approx.random(seed, (int) p.size(), -1, 1));
        return p;
    }

    static void setGrads(List<Parameter> ps, long seed) {
        for (Parameter p : ps) p.grad().copyFrom(Approx.random(seed++, (int) p.size(), -1, 1));
    }

    @Test
    void createGroupsByTheRuleAndAppliesEachGroupsDecay() {
        Parameter w = param("h.0.mlp.c_fc.weight", 1, 5, 7), b = param("h.0.mlp.c_fc.bias", 2, 7);
        AdamW opt = AdamW.create(List.of(w, b), new AdamWConfig(0.9, 0.95, 1e-8, 0.1, WeightDecayRule.DEFAULT));
        assertEquals(List.of("decay", "no_decay"), opt.groups().stream().map(ParamGroup::name).toList());
        double[] pw = w.value().toDoubleArray(), pb = b.value().toDoubleArray();
        double[] mw = new double[pw.length], vw = new double[pw.length], mb = new double[pb.length], vb = new double[pb.length];
        for (int t = 1; t <= 3; t++) {
            setGrads(List.of(w, b), 10L * t);
            AdamWKernelReference.update(pw, w.grad().toDoubleArray(), mw, vw, new AdamWKernel.Hyper(0.01, 0.9, 0.95, 1e-8, 0.1, t));
            AdamWKernelReference.update(pb, b.grad().toDoubleArray(), mb, vb, new AdamWKernel.Hyper(0.01, 0.9, 0.95, 1e-8, 0, t));
            opt.step(0.01);
        }
        assertEquals(3, opt.stepCount());
        Approx.assertClose("decayed weight", pw, w.value().toDoubleArray(), 1e-6, 1e-7);
        Approx.assertClose("undecayed bias", pb, b.value().toDoubleArray(), 1e-6, 1e-7);
    }

    @Test
    void frozenParametersGetNoStateAndNoUpdate() {
        Parameter w = param("w", 1, 4, 4), frozen = param("base.w", 2, 4, 4).trainable(false);
        AdamW opt = AdamW.create(List.of(w, frozen), AdamWConfig.DEFAULT);
        assertEquals(List.of("w.exp_avg", "w.exp_avg_sq"), List.copyOf(opt.state().tensors().keySet()));
        assertEquals(List.of(w), opt.parameters());
        float[] before = frozen.value().toFloatArray();
        assertNull(frozen.grad());
        setGrads(List.of(w), 3);
        opt.step(1e-2);
        Approx.assertBitsEqual("frozen", before, frozen.value().toFloatArray());
    }

    @Test
    void freezingAfterCreationIsAnError() {
        Parameter w = param("w", 1, 4, 4);
        AdamW opt = AdamW.create(List.of(w), AdamWConfig.DEFAULT);
        w.trainable(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.step(1e-3));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void aTiedParameterIsUpdatedOnce() {
        Parameter tied = param("wte.weight", 1, 6, 3), alone = param("wte.weight", 1, 6, 3);
        setGrads(List.of(tied), 5);
        setGrads(List.of(alone), 5);
        AdamW twice = AdamW.create(List.of(tied, tied), AdamWConfig.DEFAULT);
        AdamW once = AdamW.create(List.of(alone), AdamWConfig.DEFAULT);
        twice.step(0.1);
        once.step(0.1);
        Approx.assertBitsEqual("tied", alone.value().toFloatArray(), tied.value().toFloatArray());
    }

    @Test
    void distinctParametersWithOneNameAreRejected() {
        List<Parameter> ps = List.of(param("w", 1, 2, 2), param("w", 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> AdamW.create(ps, AdamWConfig.DEFAULT));
    }

    @Test
    void resumingFromSavedStateIsBitIdentical() {
        List<Parameter> a = List.of(param("w", 1, 5, 17), param("ln.weight", 2, 17));
        List<Parameter> b = List.of(param("w", 0, 5, 17), param("ln.weight", 0, 17));
        AdamW optA = AdamW.create(a, AdamWConfig.DEFAULT);
        for (int t = 0; t < 2; t++) {
            setGrads(a, 100L * t);
            optA.step(1e-2);
        }
        // a checkpoint: copies of the weights and of the optimiser state, restored into a fresh model
        for (int i = 0; i < a.size(); i++) b.get(i).value().copyFrom(a.get(i).value());
        Map<String, Tensor> saved = new LinkedHashMap<>();
        optA.state().tensors().forEach((k, v) -> saved.put(k, v.persistentCopy()));
        AdamW optB = AdamW.create(b, AdamWConfig.DEFAULT);
        optB.load(new OptimizerState(optA.stepCount(), saved));
        assertEquals(2, optB.stepCount());
        setGrads(a, 7);
        setGrads(b, 7);
        optA.step(1e-2);
        optB.step(1e-2);
        for (int i = 0; i < a.size(); i++) {
            Approx.assertBitsEqual(a.get(i).name(), a.get(i).value().toFloatArray(), b.get(i).value().toFloatArray());
        }
    }

    @Test
    void loadingMismatchedStateNamesTheProblem() {
        AdamW opt = AdamW.create(List.of(param("w", 1, 3, 4)), AdamWConfig.DEFAULT);
        Map<String, Tensor> wrongName = Map.of("w.exp_avg", Tensor.persistent(3, 4), "v.exp_avg_sq", Tensor.persistent(3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.load(new OptimizerState(1, wrongName)));
        assertTrue(e.getMessage().contains("missing [w.exp_avg_sq]") && e.getMessage().contains("unexpected [v.exp_avg_sq]"), e.getMessage());
        Map<String, Tensor> wrongShape = Map.of("w.exp_avg", Tensor.persistent(3, 4), "w.exp_avg_sq", Tensor.persistent(4, 3));
        e = assertThrows(IllegalArgumentException.class, () -> opt.load(new OptimizerState(1, wrongShape)));
        assertTrue(e.getMessage().contains("w.exp_avg_sq") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertEquals(0, opt.stepCount());
    }

    @Test
    void zeroGradClearsTrainableGradients() {
        Parameter w = param("w", 1, 3, 4);
        setGrads(List.of(w), 1);
        AdamW.create(List.of(w), AdamWConfig.DEFAULT).zeroGrad();
        Approx.assertBitsEqual("grad", new float[12], w.grad().toFloatArray());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1.0, 0.95, 1e-8, 0.1, null));
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(0.9, 0.95, 0, 0.1, null));
        assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(0.9, 0.95, 1e-8, -1, null));
        assertThrows(IllegalArgumentException.class, () -> new ParamGroup("g", List.of(), -1, 0));
        AdamW opt = AdamW.create(List.of(param("w", 1, 2, 2)), AdamWConfig.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> opt.step(Double.NaN));
    }
}
