package llmforge.autograd;

import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Test
    void gradientsOfInputAndWeightMatchFiniteDifferences() {
        Tensor w = GradCheck.input(2, -1, 1, 3, 5);
        GradCheck.of("checkpoint(sigmoid(x) * w + x)",
                in -> Checkpoint.apply(x -> Ops.add(Ops.mul(Ops.sigmoid(x), in[1]), x), in[0], List.of(in[1])),
                x -> {
                    double[] out = new double[x[0].length];
                    for (int i = 0; i < out.length; i++) out[i] = x[1][i] / (1 + Math.exp(-x[0][i])) + x[0][i];
                    return out;
                }).run(GradCheck.input(1, -2, 2, 3, 5), w);
    }

    @Test
    void withoutATapeItIsJustTheFunction() {
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3);
        Tensor y = Checkpoint.apply(Ops::sigmoid, x, List.of());
        assertArrayEquals(Ops.sigmoid(x).toFloatArray(), y.toFloatArray());
    }

    /** Gradients of every parameter after one backward, recomputation on or off; and the pool's high-water mark. */
    private static float[][] grads(DecoderConfig c, boolean recompute, long[] pooled) {
        Decoder model = new Decoder(c, 7);
        model.recomputeActivations(recompute);
        int b = 2, t = 32;
        SplittableRandom r = new SplittableRandom(5);
        int[] in = new int[b * t], tg = new int[b * t];
        for (int i = 0; i < in.length; i++) { in[i] = r.nextInt(c.vocabSize()); tg[i] = r.nextInt(c.vocabSize()); }
        MemoryScope.clearPool();
        try (Tape tape = Tape.open()) {
            tape.backward(model.loss(in, tg, SequenceLayout.plain(b, t), b * t));
        }
        pooled[0] = MemoryScope.pooledBytes(); // every buffer of the step is back: the most it held at once
        float[][] g = new float[model.parameters().size()][];
        for (int i = 0; i < g.length; i++) g[i] = model.parameters().get(i).grad().toFloatArray();
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void decoderGradientsAreBitIdenticalWithRecomputation(String arch) {
        DecoderConfig c = arch.equals("gpt2")
                ? new DecoderConfig("gpt2", 64, 32, 32, 4, 4, 4, 128, true, 0.1f, 1e-5f, 10000, 1)
                : new DecoderConfig("llama", 64, 32, 32, 4, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);
        Parallel.setThreads(2);
        long[] plainBytes = new long[1], recomputeBytes = new long[1];
        float[][] plain = grads(c, false, plainBytes);
        float[][] again = grads(c, true, recomputeBytes);
        assertEquals(plain.length, again.length);
        for (int i = 0; i < plain.length; i++) assertArrayEquals(plain[i], again[i], "parameter " + i);
        assertTrue(recomputeBytes[0] < 0.75 * plainBytes[0],
                "step memory " + recomputeBytes[0] + " B with recomputation vs " + plainBytes[0] + " B without");
    }
}
