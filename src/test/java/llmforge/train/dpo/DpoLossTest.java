package llmforge.train.dpo;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpoLossTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/dpo.safetensors");

    /** Each variant's loss and its gradient w.r.t. both log-prob vectors, against PyTorch (gen_dpo.py). */
    @ParameterizedTest
    @CsvSource({"dpo, DPO, 0.1, 0, 0", "cdpo, DPO, 0.1, 0.1, 0", "ipo, IPO, 0.1, 0, 0", "hinge, HINGE, 0.5, 0, 0",
            "rpo, DPO, 0.1, 0, 0.5"})
    void matchesPyTorch(String name, DpoLoss.Variant v, double beta, double smoothing, double rpo) throws Exception {
        SafetensorsFile f = SafetensorsFile.open(GOLDEN);
        Parameter c = param("c", f.tensor("policy_chosen").toFloatArray()), r = param("r", f.tensor("policy_rejected").toFloatArray());
        float loss;
        try (Tape tape = Tape.open()) {
            Tensor l = DpoLoss.loss(c.value(), r.value(), f.tensor("ref_chosen").toFloatArray(), f.tensor("ref_rejected").toFloatArray(),
                    f.tensor("chosen_tokens").toFloatArray(), new DpoLoss.Settings(v, beta, smoothing, rpo), 8f);
            tape.backward(l);
            loss = l.item();
        }
        Approx.assertClose(name + " loss", f.tensor(name + ".loss").toFloatArray(), new float[] {loss}, 1e-4, 1e-6);
        Approx.assertClose(name + " d/dchosen", f.tensor(name + ".grad_chosen").toFloatArray(), c.grad().toFloatArray(), 1e-4, 1e-6);
        Approx.assertClose(name + " d/drejected", f.tensor(name + ".grad_rejected").toFloatArray(), r.grad().toFloatArray(), 1e-4, 1e-6);
    }

    @Test void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss.Settings(DpoLoss.Variant.DPO, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss.Settings(DpoLoss.Variant.IPO, 0.1, 0.1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpoLoss.Settings.variant("kto"));
        assertTrue(e.getMessage().contains("dpo, ipo or hinge"), e.getMessage());
    }

    static Parameter param(String name, float[] v) {
        Parameter p = new Parameter(name, v.length);
        p.value().copyFrom(Tensor.of(v, v.length));
        p.zeroGrad();
        return p;
    }
}
