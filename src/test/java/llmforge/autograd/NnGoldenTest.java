package llmforge.autograd;

import llmforge.Approx;
import llmforge.io.SafetensorsFile;
import llmforge.kernels.RopeTable;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.function.Function;

/** The nn ops against PyTorch 1.13 (fixture made by src/test/resources/golden/gen_nn.py). */
class NnGoldenTest {
    static SafetensorsFile st;

    @BeforeAll static void load() throws Exception {
        st = SafetensorsFile.open(Path.of(NnGoldenTest.class.getResource("/golden/nn.safetensors").toURI()));
    }

    /** Runs op on the fixture inputs, backward with the fixture's g, and matches out and every d<input>. */
    static void check(String op, Function<Tensor[], Tensor> f, String... inputs) {
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = st.tensor(op + "." + inputs[i]).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = f.apply(in);
            close(op + " forward", st.tensor(op + ".out"), y);
            tape.backward(y, st.tensor(op + ".g"));
            for (int i = 0; i < in.length; i++) close(op + " d" + inputs[i], st.tensor(op + ".d" + inputs[i]), in[i].grad());
        }
    }

    static void close(String what, Tensor expected, Tensor actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        Approx.assertClose(what, expected.toFloatArray(), actual.toFloatArray(), 1e-4, 1e-6);
    }

    @Test void layerNorm() { check("layer_norm", x -> Normalization.layerNorm(x[0], x[1], x[2], 1e-5f), "x", "w", "b"); }

    @Test void rmsNorm() { check("rms_norm", x -> Normalization.rmsNorm(x[0], x[1], 1e-6f), "x", "w"); }

    @Test void gelu() {
        check("gelu_tanh", x -> Activations.gelu(x[0]), "x");
        check("gelu_erf", x -> Activations.geluExact(x[0]), "x");
    }

    @Test void silu() { check("silu", x -> Activations.silu(x[0]), "x"); }

    @Test void softmax() {
        check("softmax", x -> SoftmaxFunctions.softmax(x[0]), "x");
        check("log_softmax", x -> SoftmaxFunctions.logSoftmax(x[0]), "x");
    }

    @Test void rope() {
        int[] pos = st.ints("rope.positions");
        RopeTable table = RopeTable.of(16, 10000, 1, 1, 8);
        check("rope", x -> RotaryEmbedding.apply(x[0], pos, table, true), "x");
    }

    @Test void embedding() {
        int[] ids = st.ints("embedding.ids");
        check("embedding", x -> EmbeddingLookup.lookup(x[0], ids, 2, 4), "table");
    }

    @Test void crossEntropyMeanWithIgnoreIndex() {
        Tensor logits = st.tensor("cross_entropy.logits").requiresGrad(true);
        int[] targets = st.ints("cross_entropy.targets");
        try (Tape tape = Tape.open()) {
            Tensor loss = CrossEntropyLoss.mean(logits, targets, -100);
            Approx.assertClose("ce", st.tensor("cross_entropy.out").toFloatArray(), new float[] {loss.item()}, 1e-4, 0);
            tape.backward(loss);
            close("ce dlogits", st.tensor("cross_entropy.dlogits"), logits.grad());
        }
    }
}
