package llmforge.optim;

import llmforge.autograd.Grad;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.Lora;
import llmforge.nn.LoraConfig;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradient buffers exist only where a backward pass needs them: not on reference models, not on a LoRA base. */
class FrozenParameterMemoryTest {
    static final DecoderConfig C = new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1);
    static final int[] IDS = new SplittableRandom(3).ints(17, 0, 64).toArray();

    static void step(Decoder m) {
        try (Tape tape = Tape.open()) {
            tape.backward(m.loss(java.util.Arrays.copyOf(IDS, 16), java.util.Arrays.copyOfRange(IDS, 1, 17), SequenceLayout.plain(1, 16), 16));
        }
    }

    static long bytes(List<Parameter> ps) {
        long n = 0;
        for (Parameter p : ps) n += p.size() * Float.BYTES;
        return n;
    }

    @Test
    void onlyTrainedParametersHoldGradientsAndOptimiserState() {
        Decoder policy = new Decoder(C, 1), reference = new Decoder(C, 1);
        for (Parameter p : reference.parameters()) p.trainable(false);
        assertEquals(0, Gradients.bufferBytes(policy.parameters()), "no buffer before the first backward");
        step(policy);
        try (var g = Grad.off(); Tape t = Tape.open()) {
            reference.logits(IDS, SequenceLayout.plain(1, IDS.length));
        }
        assertEquals(bytes(policy.parameters()), Gradients.bufferBytes(policy.parameters()));
        assertEquals(0, Gradients.bufferBytes(reference.parameters()), "the frozen reference holds gradient buffers");

        Decoder base = new Decoder(C, 2);
        Lora lora = Lora.attach(base, new LoraConfig(4, 8, 0, "c_attn|c_fc"), 3);
        AdamW opt = AdamW.create(lora.parameters(), AdamWConfig.DEFAULT);
        step(base);
        opt.step(1e-3);
        assertEquals(0, Gradients.bufferBytes(base.parameters()), "the LoRA base holds gradient buffers");
        assertEquals(bytes(lora.parameters()), Gradients.bufferBytes(lora.parameters()));
        long state = 0;
        for (Tensor t : opt.state().tensors().values()) state += t.size() * Float.BYTES;
        assertEquals(2 * bytes(lora.parameters()), state, "AdamW keeps two moments of the adapters only");
        assertTrue(bytes(lora.parameters()) * 10 < bytes(base.parameters()));
    }

    @Test
    void freezingDropsABufferAndUnfreezingMakesAFreshOne() {
        Decoder m = new Decoder(C, 1);
        step(m);
        Parameter p = m.parameters().get(2);
        assertTrue(p.hasGrad());
        p.trainable(false);
        assertFalse(p.hasGrad());
        assertEquals(null, p.grad());
        p.trainable(true);
        assertEquals(0f, p.grad().toFloatArray()[0]);
        assertTrue(p.hasGrad());
    }
}
