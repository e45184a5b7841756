package llmforge.model;

import llmforge.autograd.Ops;
import llmforge.nn.FeedForward;
import llmforge.nn.GeluMlp;
import llmforge.nn.KvCache;
import llmforge.nn.LayerNorm;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.nn.Norm;
import llmforge.nn.RMSNorm;
import llmforge.nn.SelfAttention;
import llmforge.nn.SequenceLayout;
import llmforge.nn.SwiGluMlp;
import llmforge.tensor.Tensor;

/** A pre-norm transformer block: x = x + attn(norm1(x)); x = x + mlp(norm2(x)). */
final class DecoderBlock extends Module {
    private final Norm norm1;
    private final SelfAttention attn;
    private final Norm norm2;
    private final FeedForward mlp;
    private final Linear mlpOut;

    DecoderBlock(DecoderConfig c, int index) {
        if (c.isGpt2()) {
            String p = "transformer.h." + index;
            norm1 = child(new LayerNorm(p + ".ln_1", c.dModel(), c.normEps()));
            attn = child(new SelfAttention(p + ".attn", c.dModel(), c.nHeads(), c.nKvHeads(), true, c.maxSeqLen(), c.ropeTheta(), c.ropeScaling()));
            norm2 = child(new LayerNorm(p + ".ln_2", c.dModel(), c.normEps()));
            GeluMlp m = child(new GeluMlp(p + ".mlp", c.dModel(), c.dFf(), true));
            mlp = m;
            mlpOut = m.proj();
        } else {
            String p = "model.layers." + index;
            norm1 = child(new RMSNorm(p + ".input_layernorm", c.dModel(), c.normEps()));
            attn = child(new SelfAttention(p + ".self_attn", c.dModel(), c.nHeads(), c.nKvHeads(), false, c.maxSeqLen(), c.ropeTheta(), c.ropeScaling()));
            norm2 = child(new RMSNorm(p + ".post_attention_layernorm", c.dModel(), c.normEps()));
            SwiGluMlp m = child(new SwiGluMlp(p + ".mlp", c.dModel(), c.dFf()));
            mlp = m;
            mlpOut = m.down();
        }
    }

    // x: (B, T, C) -> (B, T, C)
    Tensor forward(Tensor x, SequenceLayout layout) {
        x = Ops.add(x, attn.forward(norm1.forward(x), layout));
        return Ops.add(x, mlp.forward(norm2.forward(x)));
    }

    // x: (B, T, C) new tokens at positions (B*T) -> (B, T, C), reading and extending the KV cache
    Tensor forwardCached(Tensor x, int[] positions, KvCache cache, int layer) {
        x = Ops.add(x, attn.forwardCached(norm1.forward(x), positions, cache, layer));
        return Ops.add(x, mlp.forward(norm2.forward(x)));
    }

    /** The projections that write into the residual stream (GPT-2 scales their init by 1/sqrt(2·layers)). */
    Linear[] residualProjections() { return new Linear[] {attn.outProjection(), mlpOut}; }
}
