package llmforge.model;

import llmforge.autograd.Grad;
import llmforge.autograd.Parameter;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Bf16Weights;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frozen model kept in bf16 computes exactly what float32 computes on its weights rounded to bf16. */
class FrozenBf16Test {
    static final DecoderConfig LLAMA = new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);
    static final DecoderConfig GPT2 = new DecoderConfig("gpt2", 64, 32, 32, 2, 4, 4, 128, true, 0f, 1e-5f, 10000, 1);

    private static float[] logits(Decoder d, int[] ids) {
        try (var g = Grad.off(); var scope = llmforge.tensor.MemoryScope.open()) {
            return d.logits(ids, SequenceLayout.plain(2, ids.length / 2)).toFloatArray();
        }
    }

    @Test
    void logitsEqualFloat32OnBf16RoundedWeightsForBothFlavours() {
        int[] ids = new SplittableRandom(3).ints(24, 0, 64).toArray();
        for (DecoderConfig c : new DecoderConfig[] {LLAMA, GPT2}) {
            Decoder frozen = new Decoder(c, 7), rounded = new Decoder(c, 7);
            for (Module m : rounded.modules()) {
                if (m instanceof Linear l) l.weight().value().copyFrom(Bf16Weights.of(l.weight().value()).toFloat());
            }
            float[] before = logits(frozen, ids);
            frozen.freezeAsBf16();
            float[] after = logits(frozen, ids);
            assertArrayEquals(logits(rounded, ids), after, c.architecture());
            assertFalse(java.util.Arrays.equals(before, after), "rounding to bf16 must change something");
        }
    }

    @Test
    void theFloat32CopyIsGoneAndNothingTrains() {
        Decoder d = new Decoder(LLAMA, 7);
        d.freezeAsBf16();
        for (Parameter p : d.parameters()) assertFalse(p.trainable(), p.name());
        Linear q = (Linear) d.modules().stream().filter(m -> m instanceof Linear).findFirst().orElseThrow();
        assertTrue(q.isBf16());
        var e = assertThrows(IllegalStateException.class, () -> q.weight().value().toFloatArray());
        assertTrue(e.getMessage().contains("stored as bf16"), e.getMessage());
    }
}
