package llmforge.model;

import llmforge.Approx;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole decoder against an independent PyTorch implementation of HF's GPT2LMHeadModel / LlamaForCausalLM
 * (src/test/resources/golden/gen_decoder.py), which read the same exported directories: logits, loss and the
 * gradient of every weight, for plain rows and for packed documents with restarting positions.
 */
class DecoderGoldenTest {
    static final int B = 2, T = 12;

    static Path resource(String name) throws Exception {
        return Path.of(DecoderGoldenTest.class.getResource("/golden/" + name).toURI());
    }

    @ParameterizedTest
    @CsvSource({"gpt2, plain", "gpt2, packed", "llama, plain", "llama, packed"})
    void logitsLossAndGradientsMatchPyTorch(String flavour, String kase) throws Exception {
        Decoder model = HfModelDirectory.load(resource("decoder-" + flavour));
        model.train(false);
        SafetensorsFile st = SafetensorsFile.open(resource("decoder_" + flavour + ".safetensors"));
        int[] ids = st.ints(kase + ".ids"), targets = st.ints(kase + ".targets");
        int[] docs = st.ints(kase + ".documents");
        SequenceLayout layout = new SequenceLayout(B, T, st.ints(kase + ".positions"),
                kase.equals("plain") ? null : docs);
        float counted = (float) Arrays.stream(targets).filter(t -> t != -100).count();
        int vocab = model.config().vocabSize();

        try (Tape tape = Tape.open()) {
            Tensor logits = model.logits(ids, layout);
            close(kase + " logits", st.tensor(kase + ".logits"), logits);
            Tensor loss = Ops.crossEntropy(Ops.reshape(logits, -1, vocab), targets, -100, counted);
            close(kase + " loss", st.tensor(kase + ".loss"), Tensor.of(new float[] {loss.item()}, 1));
            tape.backward(loss);
        }
        Set<String> checked = new TreeSet<>();
        for (Parameter p : model.parameters()) {
            Tensor expected = st.tensor(kase + ".grad." + p.name());
            // GPT-2's Conv1D weights are (in, out) in the file, (out, in) here
            Tensor actual = HfModelDirectory.isConv1d(model.config(), p.name())
                    ? p.grad().transposeLast2().contiguousCopy() : p.grad();
            close(kase + " d" + p.name(), expected, actual);
            checked.add(p.name());
        }
        Set<String> inFixture = new TreeSet<>();
        for (String n : st.entries().keySet()) if (n.startsWith(kase + ".grad.")) inFixture.add(n.substring(kase.length() + 6));
        assertEquals(inFixture, checked, "every weight PyTorch saw has its gradient checked");

        // Decoder.loss, the entry point training uses, gives the same number
        try (Tape tape = Tape.open()) {
            close(kase + " Decoder.loss", st.tensor(kase + ".loss"),
                    Tensor.of(new float[] {model.loss(ids, targets, layout, counted).item()}, 1));
        }
    }

    /** 1e-4 relative, with an absolute floor of 1e-5 of the array's largest magnitude for entries near zero. */
    static void close(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.toFloatArray();
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        Approx.assertClose(what, e, actual.toFloatArray(), 1e-4, 1e-5 * scale);
    }
}
