package llmforge.model;

import llmforge.autograd.Tape;
import llmforge.kernels.Parallel;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderTrainingTest {
    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    static DecoderConfig small(String arch) {
        return arch.equals("gpt2")
                ? new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1)
                : new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);
    }

    /** Trains on one fixed batch; returns [first loss, last loss] and the final weights. */
    static float[][] train(DecoderConfig c, int steps) {
        Decoder model = new Decoder(c, 42);
        AdamW opt = AdamW.create(model.parameters(), AdamWConfig.DEFAULT);
        int b = 2, t = 16;
        SplittableRandom r = new SplittableRandom(3);
        int[] tokens = new int[b * (t + 1)];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(c.vocabSize());
        int[] in = new int[b * t], tg = new int[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(tokens, i * (t + 1), in, i * t, t);
            System.arraycopy(tokens, i * (t + 1) + 1, tg, i * t, t);
        }
        float first = 0, last = 0;
        for (int s = 0; s < steps; s++) {
            try (Tape tape = Tape.open()) {
                var loss = model.loss(in, tg, SequenceLayout.plain(b, t), b * t);
                tape.backward(loss);
                last = loss.item();
                if (s == 0) first = last;
            }
            opt.step(3e-3);
            opt.zeroGrad();
        }
        float[] w = model.parameters().get(model.parameters().size() - 1).value().toFloatArray();
        return new float[][] {{first, last}, w};
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void memorisesAFixedBatch(String arch) {
        float[] losses = train(small(arch), 60)[0];
        assertTrue(Math.abs(losses[0] - Math.log(64)) < 0.3, "initial loss " + losses[0] + " should be near ln 64");
        assertTrue(losses[1] < 0.5 * losses[0], "loss fell only from " + losses[0] + " to " + losses[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void sameBitsForOneAndTwoThreads(String arch) {
        Parallel.setThreads(1);
        float[][] one = train(small(arch), 5);
        Parallel.setThreads(2);
        float[][] two = train(small(arch), 5);
        assertArrayEquals(one[0], two[0]);
        assertArrayEquals(one[1], two[1]);
    }
}
