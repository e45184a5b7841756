package llmforge.train.ppo;

import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static llmforge.Approx.assertClose;

/** GAE, whitening, the clipped losses and their gradients, the KL estimators, GRPO and RLOO against PyTorch (gen_ppo.py). */
class PpoMathGoldenTest {
    private static final double RTOL = 1e-4, ATOL = 1e-5;
    private static SafetensorsFile st;
    private static int[] lengths;
    private static final int B = 4, R = 6;

    @BeforeAll
    static void open() throws IOException {
        st = SafetensorsFile.open(Path.of("src/test/resources/golden/ppo.safetensors"));
        lengths = st.ints("lengths");
    }

    private static float[] flat(String name) { return st.tensor(name).toFloatArray(); }

    private static float[][] rows(String name) {
        float[] f = flat(name);
        float[][] out = new float[B][R];
        for (int b = 0; b < B; b++) System.arraycopy(f, b * R, out[b], 0, R);
        return out;
    }

    private static float[] join(float[][] x) {
        float[] out = new float[B * R];
        for (int b = 0; b < B; b++) System.arraycopy(x[b], 0, out, b * R, R);
        return out;
    }

    @Test
    void gaeReturnsAndWhitening() {
        float[][] adv = Advantages.gae(rows("rewards"), rows("values"), lengths, 1.0, 0.95);
        assertClose("gae", flat("gae_advantages"), join(adv), RTOL, ATOL);
        assertClose("returns", flat("returns"), join(Advantages.returns(adv, rows("values"), lengths)), RTOL, ATOL);
        assertClose("whitened", flat("whitened"), join(Advantages.whiten(adv, lengths)), RTOL, ATOL);
    }

    @Test
    void clippedPolicyLossAndGradient() {
        Tensor logp = Tensor.of(flat("logp"), B * R).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor loss = PpoLosses.policy(logp, flat("old_logp"), flat("whitened"), flat("mask"), 0.2f);
            assertClose("pg loss", flat("pg_loss"), new float[] {loss.item()}, RTOL, ATOL);
            tape.backward(loss);
            assertClose("pg grad", flat("pg_grad"), logp.grad().toFloatArray(), RTOL, ATOL);
        }
    }

    @Test
    void clippedValueLossAndGradient() {
        Tensor v = Tensor.of(flat("v"), B * R).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor loss = PpoLosses.value(v, flat("v_old"), flat("v_returns"), flat("mask"), 0.2f);
            assertClose("vf loss", flat("vf_loss"), new float[] {loss.item()}, RTOL, ATOL);
            tape.backward(loss);
            assertClose("vf grad", flat("vf_grad"), v.grad().toFloatArray(), RTOL, ATOL);
        }
    }

    @Test
    void klEstimators() {
        float[] logp = flat("logp"), ref = flat("ref_logp");
        float[] k1 = new float[logp.length], k3 = new float[logp.length];
        for (int i = 0; i < logp.length; i++) {
            k1[i] = (float) KlEstimator.K1.perToken(logp[i], ref[i]);
            k3[i] = (float) KlEstimator.K3.perToken(logp[i], ref[i]);
        }
        assertClose("k1", flat("k1"), k1, RTOL, ATOL);
        assertClose("k3", flat("k3"), k3, RTOL, ATOL);
    }

    @Test
    void groupRelativeAdvantages() {
        float[] seq = flat("seq_rewards");
        double[] s = new double[seq.length];
        for (int i = 0; i < s.length; i++) s[i] = seq[i];
        int[] len = {1, 1, 1, 1, 1, 1, 1, 1};
        float[] grpo = new float[8], rloo = new float[8];
        float[][] g = Advantages.grpo(s, 4, len, 1), r = Advantages.rloo(s, 4, len, 1);
        for (int i = 0; i < 8; i++) {
            grpo[i] = g[i][0];
            rloo[i] = r[i][0];
        }
        assertClose("grpo", flat("grpo"), grpo, RTOL, ATOL);
        assertClose("rloo", flat("rloo"), rloo, RTOL, ATOL);
    }
}
