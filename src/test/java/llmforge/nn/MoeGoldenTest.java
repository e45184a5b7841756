package llmforge.nn;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.kernels.Parallel;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** MoeMlp against PyTorch 1.13 (golden/gen_moe.py): routing, capacity drops, outputs, aux losses and gradients. */
class MoeGoldenTest {
    static final int N = 12, C = 8, H = 6, E = 4;

    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    static SafetensorsFile fixture() throws Exception {
        return SafetensorsFile.open(Path.of(MoeGoldenTest.class.getResource("/golden/moe.safetensors").toURI()));
    }

    static MoeMlp load(SafetensorsFile st, MoeConfig cfg) {
        MoeMlp m = new MoeMlp("m", C, H, cfg, true);
        var p = m.namedParameters();
        p.get("m.gate.weight").value().copyFrom(st.tensor("router"));
        for (String w : new String[] {"w1", "w2", "w3"}) {
            Tensor all = st.tensor(w);
            for (int e = 0; e < E; e++) p.get("m.experts." + e + "." + w + ".weight").value().copyFrom(all.select0(e));
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource({"k2cap, 2, 1.0", "k1cap, 1, 1.25", "k2free, 2, 0"})
    void matchesPyTorch(String name, int k, double capacity) throws Exception {
        SafetensorsFile st = fixture();
        MoeMlp m = load(st, new MoeConfig(E, k, capacity, 0.01, 0.001));
        Tensor x = Tensor.persistent(N, C).copyFrom(st.tensor("x")).requiresGrad(true);
        x.setGrad(Tensor.persistent(N, C));
        try (Tape tape = Tape.open()) {
            Tensor y = m.forward(x);
            Approx.assertClose(name + " y", st.tensor(name + ".y").toFloatArray(), y.toFloatArray(), 1e-4, 1e-5);
            float aux = 0.01f * st.tensor(name + ".balance").item() + 0.001f * st.tensor(name + ".z").item();
            assertEquals(aux, m.lastAuxLoss().item(), 1e-6);
            Tensor loss = Ops.add(Ops.sum(Ops.mul(y, st.tensor("g"))), m.lastAuxLoss());
            tape.backward(loss);
        }
        assertArrayEquals(st.ints(name + ".choice"), m.lastRouting().choices());
        int[] kept = st.ints(name + ".kept");
        long dropped = Arrays.stream(kept).filter(v -> v == 0).count();
        assertEquals(dropped, m.lastStats().droppedSlots());
        if (name.equals("k2cap")) assertEquals(true, dropped > 0, "the fixture must exercise capacity drops");
        Approx.assertClose(name + " dx", st.tensor(name + ".dx").toFloatArray(), x.grad().toFloatArray(), 1e-4, 1e-5);
        var p = m.namedParameters();
        Approx.assertClose(name + " drouter", st.tensor(name + ".drouter").toFloatArray(),
                p.get("m.gate.weight").grad().toFloatArray(), 1e-4, 1e-5);
        for (String w : new String[] {"w1", "w2", "w3"}) {
            Tensor all = st.tensor(name + ".d" + w);
            for (int e = 0; e < E; e++) {
                Approx.assertClose(name + " d" + w + "[" + e + "]", all.select0(e).toFloatArray(),
                        p.get("m.experts." + e + "." + w + ".weight").grad().toFloatArray(), 1e-4, 1e-5);
            }
        }
        double[] load = m.lastStats().expertLoad();
        assertEquals(1 - m.lastStats().droppedShare(), Arrays.stream(load).sum(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1", "2"})
    void threadCountDoesNotChangeABit(int threads) throws Exception {
        SafetensorsFile st = fixture();
        Parallel.setThreads(1);
        float[] one = run(st);
        Parallel.setThreads(threads);
        Approx.assertBitsEqual("threads", one, run(st));
    }

    private static float[] run(SafetensorsFile st) {
        MoeMlp m = load(st, new MoeConfig(E, 2, 1.0, 0.01, 0.001));
        Tensor x = Tensor.persistent(N, C).copyFrom(st.tensor("x")).requiresGrad(true);
        x.setGrad(Tensor.persistent(N, C));
        float[] y;
        try (Tape tape = Tape.open()) {
            Tensor out = m.forward(x);
            y = out.toFloatArray();
            tape.backward(Ops.add(Ops.sum(out), m.lastAuxLoss()));
        }
        float[] g = x.grad().toFloatArray();
        float[] r = Arrays.copyOf(y, y.length + g.length);
        System.arraycopy(g, 0, r, y.length, g.length);
        return r;
    }
}
