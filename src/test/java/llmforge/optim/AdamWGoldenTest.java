package llmforge.optim;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.io.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays src/test/resources/golden/gen_adamw.py (torch.optim.AdamW + clip_grad_norm_ + LambdaLR). */
class AdamWGoldenTest {
    static SafetensorsFile fixture() throws Exception {
        return SafetensorsFile.open(Path.of(AdamWGoldenTest.class.getResource("/golden/adamw.safetensors").toURI()));
    }

    @Test
    void reproducesPyTorchParametersAfterEveryStep() throws Exception {
        SafetensorsFile f = fixture();
        Parameter w = param(f, "h.0.mlp.c_fc.weight", 7, 19);
        Parameter b = param(f, "h.0.mlp.c_fc.bias", 19);
        Parameter ln = param(f, "h.0.ln_1.weight", 3);
        List<Parameter> all = List.of(w, b, ln);
        AdamW opt = new AdamW(List.of(new ParamGroup("decay", List.of(w), 1, 0.1),
                new ParamGroup("no_decay", List.of(b, ln), 0.5, 0)), 0.9, 0.95, 1e-3);
        LrSchedule schedule = new LrSchedule(LrSchedule.Decay.COSINE, 1e-2, 2, 5, 0.1);

        int clipped = 0;
        for (int k = 0; k < 5; k++) {
            for (Parameter p : all) p.grad().copyFrom(f.tensor("grad." + k + "." + p.name()));
            GradientClipping.Result clip = GradientClipping.clipGlobalNorm(all, 1.0);
            assertEquals(f.tensor("norm." + k).item(), clip.norm(), 1e-6 * clip.norm(), "norm at step " + k);
            if (clip.clipped()) clipped++;
            double lr = schedule.lr(opt.stepCount());
            assertEquals(f.tensor("lr." + k).item(), lr, 1e-6 * lr, "lr at step " + k);
            opt.step(lr);
            for (Parameter p : all) {
                // float32 rounding of O(1) weights is ~6e-8 relative; the atol covers weights that pass near 0
                Approx.assertClose("step " + k + " " + p.name(), f.tensor("param." + k + "." + p.name()).toFloatArray(),
                        p.value().toFloatArray(), 1e-6, 1e-7);
            }
        }
        assertTrue(clipped > 0 && clipped < 5, "the fixture mixes clipped and unclipped steps, got " + clipped);
        OptimizerState state = opt.state();
        assertEquals(5, state.step());
        for (Parameter p : all) {
            Approx.assertClose("exp_avg " + p.name(), f.tensor("exp_avg." + p.name()).toFloatArray(),
                    state.tensors().get(p.name() + ".exp_avg").toFloatArray(), 1e-6, 1e-8);
            Approx.assertClose("exp_avg_sq " + p.name(), f.tensor("exp_avg_sq." + p.name()).toFloatArray(),
                    state.tensors().get(p.name() + ".exp_avg_sq").toFloatArray(), 1e-6, 1e-10);
        }
    }

    private static Parameter param(SafetensorsFile f, String name, int... shape) {
        Parameter p = new Parameter(name, shape);
        p.value().copyFrom(f.tensor("init." + name));
        return p;
    }
}
