package llmforge.autograd;

import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward hook reports each parameter once, when its gradient is already final. */
class TapeHookTest {
    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tied", "llama-recompute"})
    void everyParameterIsReportedOnceWithItsFinalGradient(String variant) {
        DecoderConfig c = variant.startsWith("gpt2")
                ? new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1)
                : new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);
        Decoder model = new Decoder(c, 3);
        model.recomputeActivations(variant.endsWith("recompute"));
        SplittableRandom r = new SplittableRandom(9);
        int[] in = new int[2 * 16], tg = new int[2 * 16];
        for (int i = 0; i < in.length; i++) { in[i] = r.nextInt(64); tg[i] = r.nextInt(64); }
        List<Tensor> watched = model.parameters().stream().map(Parameter::value).toList();
        Map<Tensor, float[]> atReady = new IdentityHashMap<>();
        List<Tensor> order = new ArrayList<>();
        try (Tape tape = Tape.open()) {
            tape.backward(model.loss(in, tg, SequenceLayout.plain(2, 16), in.length), watched, t -> {
                order.add(t);
                atReady.put(t, t.grad().toFloatArray());
            });
        }
        assertEquals(watched.size(), order.size(), "each parameter reported exactly once");
        for (Tensor t : watched) assertArrayEquals(t.grad().toFloatArray(), atReady.get(t), "gradient changed after ready: " + t.name());
        // the last layer's weights come before the first layer's: reductions can start early
        assertTrue(order.indexOf(watched.getLast()) < order.indexOf(watched.get(1)));
    }
}
