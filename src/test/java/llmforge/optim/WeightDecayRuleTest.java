package llmforge.optim;

import llmforge.autograd.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightDecayRuleTest {
    private static final WeightDecayRule RULE = WeightDecayRule.DEFAULT;

    @Test
    void decaysMatricesButNotNormsBiasesOrEmbeddings() {
        for (String name : List.of("h.0.attn.c_attn.weight", "h.3.mlp.c_proj.weight", "lm_head.weight",
                "model.layers.0.self_attn.q_proj.weight", "model.layers.0.mlp.gate_proj.weight")) {
            assertTrue(RULE.decays(new Parameter(name, 4, 4)), name);
        }
        for (String name : List.of("wte.weight", "wpe.weight", "transformer.wte.weight", "model.embed_tokens.weight",
                "h.0.ln_1.weight", "ln_f.weight", "model.layers.0.input_layernorm.weight", "model.norm.weight",
                "encoder.LayerNorm.weight")) {
            assertFalse(RULE.decays(new Parameter(name, 4, 4)), name);
        }
        // rank < 2 never decays, whatever the name
        assertFalse(RULE.decays(new Parameter("h.0.attn.c_attn.bias", 12)));
        assertFalse(RULE.decays(new Parameter("scale", 1)));
    }

    @Test
    void isConfigurable() {
        WeightDecayRule embeddingsToo = new WeightDecayRule(2, List.of("norm"));
        assertTrue(embeddingsToo.decays(new Parameter("wte.weight", 4, 4)));
        assertFalse(embeddingsToo.decays(new Parameter("h.0.norm.weight", 4, 4)));
        assertTrue(WeightDecayRule.ALL.decays(new Parameter("bias", 3)));
    }

    @Test
    void splitsTrainableParametersIntoTwoGroupsInOrder() {
        Parameter w1 = new Parameter("h.0.attn.c_attn.weight", 4, 4), b1 = new Parameter("h.0.attn.c_attn.bias", 4);
        Parameter frozen = new Parameter("h.1.attn.c_attn.weight", 4, 4).trainable(false);
        Parameter w2 = new Parameter("h.1.mlp.c_fc.weight", 4, 4), ln = new Parameter("ln_f.weight", 4);
        List<ParamGroup> groups = RULE.split(List.of(w1, b1, frozen, w2, ln), 0.1);
        assertEquals(2, groups.size());
        assertEquals("decay", groups.get(0).name());
        assertEquals(List.of(w1, w2), groups.get(0).params());
        assertEquals(0.1, groups.get(0).weightDecay());
        assertEquals("no_decay", groups.get(1).name());
        assertEquals(List.of(b1, ln), groups.get(1).params());
        assertEquals(0.0, groups.get(1).weightDecay());
        assertEquals(1, RULE.split(List.of(b1), 0.1).size());
    }
}
