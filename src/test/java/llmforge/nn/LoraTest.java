package llmforge.nn;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.GradCheck;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraTest {
    static final DecoderConfig GPT2 = new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1);

    static float[] logits(Decoder m, int[] ids) {
        try (var g = Grad.off()) { return m.logits(ids, SequenceLayout.plain(1, ids.length)).toFloatArray(); }
    }

    @Test
    void gradientsReachAAndBButNotTheFrozenBase() {
        Linear l = new Linear("m.q_proj", 5, 4, true);
        Init.normal(l.weight(), 1, 0.5);
        Init.normal(l.bias(), 2, 0.5);
        Lora lora = Lora.attach(l, new LoraConfig(3, 6, 0, "q_proj"), 7);
        LoraAdapter ad = l.adapter();
        Init.normal(ad.b(), 3, 0.5);                 // B = 0 would make A's gradient trivially zero
        double[] w = l.weight().value().toDoubleArray(), bias = l.bias().value().toDoubleArray();
        Tensor x = GradCheck.input(4, -1, 1, 2, 3, 5);
        GradCheck.of("lora linear", in -> l.forward(in[0]), p -> {
            double[] y = new double[6 * 4];
            for (int r = 0; r < 6; r++) {
                for (int o = 0; o < 4; o++) {
                    double s = bias[o];
                    for (int i = 0; i < 5; i++) s += p[0][r * 5 + i] * w[o * 5 + i];
                    for (int k = 0; k < 3; k++) {
                        double ax = 0;
                        for (int i = 0; i < 5; i++) ax += p[0][r * 5 + i] * p[1][k * 5 + i];
                        s += 2.0 * ax * p[2][o * 3 + k];
                    }
                    y[r * 4 + o] = s;
                }
            }
            return y;
        }).run(x, ad.a().value(), ad.b().value());
        assertEquals(2, lora.parameters().size());
        assertTrue(!l.weight().trainable() && !l.weight().value().requiresGrad());
        assertTrue(!l.weight().hasGrad() && !l.bias().hasGrad(), "the frozen base holds a gradient buffer");
    }

    @Test
    void freshAdaptersChangeNothingThenTrainOnlyThemselves() {
        Decoder m = new Decoder(GPT2, 1);
        int[] ids = new SplittableRandom(5).ints(17, 0, 64).toArray();
        float[] base = logits(m, ids);
        float[][] before = m.parameters().stream().map(p -> p.value().toFloatArray()).toArray(float[][]::new);
        Lora lora = Lora.attach(m, new LoraConfig(4, 8, 0.1, "c_attn|c_proj"), 3);
        assertEquals(6, lora.modules().size());   // attn.c_attn, attn.c_proj and mlp.c_proj of both layers
        Approx.assertBitsEqual("fresh adapters", base, logits(m, ids));

        AdamW opt = AdamW.create(lora.parameters(), AdamWConfig.DEFAULT);
        int[] in = java.util.Arrays.copyOf(ids, 16), tg = java.util.Arrays.copyOfRange(ids, 1, 17);
        float first = 0, last = 0;
        for (int s = 0; s < 30; s++) {
            try (Tape tape = Tape.open()) {
                Tensor loss = m.loss(in, tg, SequenceLayout.plain(1, 16), 16);
                tape.backward(loss);
                last = loss.item();
                if (s == 0) first = last;
            }
            opt.step(1e-2);
            opt.zeroGrad();
        }
        assertTrue(last < 0.9 * first, first + " -> " + last);
        for (int i = 0; i < before.length; i++) {
            Parameter p = m.parameters().get(i);
            assertArrayEquals(before[i], p.value().toFloatArray(), p.name() + " changed");
            assertTrue(!p.hasGrad(), p.name() + " holds a gradient buffer");
        }
    }

    @Test
    void mergedWeightsGiveTheAdaptedLogits() {
        Decoder m = new Decoder(GPT2, 1);
        Lora lora = Lora.attach(m, new LoraConfig(4, 16, 0, "c_attn|c_fc"), 3);
        for (Parameter p : lora.parameters()) Init.normal(p, 11, 0.1);
        lora.train(false);
        int[] ids = new SplittableRandom(6).ints(12, 0, 64).toArray();
        float[] adapted = logits(m, ids);
        lora.merge(m);
        for (Linear l : lora.modules().values()) assertNull(l.adapter());
        assertTrue(m.parameters().get(0).trainable());
        Approx.assertClose("merged vs adapted", adapted, logits(m, ids), 1e-4, 1e-4);
        assertTrue(!java.util.Arrays.equals(adapted, logits(new Decoder(GPT2, 1), ids)), "the adapter must change something");
    }

    @Test
    void targetPatternMatchesLastNameOrFullNameAndRejectsNothingMatched() {
        LoraConfig c = new LoraConfig(2, 4, 0, "q_proj|v_proj");
        assertTrue(c.targets("model.layers.0.self_attn.q_proj"));
        assertTrue(!c.targets("model.layers.0.self_attn.k_proj"));
        assertTrue(new LoraConfig(2, 4, 0, "model\\.layers\\.1\\..*").targets("model.layers.1.mlp.up_proj"));
        var e = assertThrows(IllegalArgumentException.class, () -> Lora.attach(new Decoder(GPT2, 1), c, 0));
        assertTrue(e.getMessage().contains("c_attn"), e.getMessage());
    }

    @Test
    void activationRecomputationGivesTheAdaptersTheSameGradients() {
        float[][][] grads = new float[2][][];
        for (int run = 0; run < 2; run++) {
            Decoder m = new Decoder(GPT2, 1);
            Lora lora = Lora.attach(m, new LoraConfig(4, 8, 0, "c_attn|c_fc"), 3);
            for (Parameter p : lora.parameters()) Init.normal(p, 11, 0.1);
            m.recomputeActivations(run == 1);
            int[] ids = new SplittableRandom(8).ints(17, 0, 64).toArray();
            try (Tape tape = Tape.open()) {
                tape.backward(m.loss(java.util.Arrays.copyOf(ids, 16), java.util.Arrays.copyOfRange(ids, 1, 17), SequenceLayout.plain(1, 16), 16));
            }
            grads[run] = lora.parameters().stream().map(p -> p.grad().toFloatArray()).toArray(float[][]::new);
        }
        for (int i = 0; i < grads[0].length; i++) {
            double norm = 0;
            for (float g : grads[0][i]) norm += g * g;
            assertTrue(norm > 0, "adapter " + i + " got no gradient");
            Approx.assertBitsEqual("adapter gradient " + i, grads[0][i], grads[1][i]);
        }
    }
}
