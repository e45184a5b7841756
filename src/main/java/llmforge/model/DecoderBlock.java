package llmforge.model;

import llmforge.autograd.Ops;
import llmforge.nn.FeedForward;
import llmforge.nn.GeluMlp;
import llmforge.nn.KvCache;
import llmforge.nn.LayerNorm;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.nn.MoeMlp;
import llmforge.nn.Norm;
import llmforge.nn.RMSNorm;
import llmforge.nn.SelfAttention;
import llmforge.nn.SequenceLayout;
import llmforge.nn.SwiGluMlp;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** A pre-norm transformer block: x = x + attn(norm1(x)); x = x + mlp(norm2(x)). */
final class DecoderBlock extends Module {
    private final Norm norm1;
    private final SelfAttention attn;
    private final Norm norm2;
    private final FeedForward mlp;
    private final List<Linear> mlpOut;

    DecoderBlock(DecoderConfig c, int index) {
        if (c.isGpt2()) {
            String p = "transformer.h." + index;
            norm1 = child(new LayerNorm(p + ".ln_1", c.dModel(), c.normEps()));
            attn = child(new SelfAttention(p + ".attn", c.dModel(), c.nHeads(), c.nKvHeads(), true, c.maxSeqLen(), c.ropeTheta(), c.ropeScaling()));
            norm2 = child(new LayerNorm(p + ".ln_2", c.dModel(), c.normEps()));
            if (c.moe().isSparse()) {
                MoeMlp m = child(new MoeMlp(p + ".mlp", c.dModel(), c.dFf(), c.moe(), false));
                mlp = m;
                mlpOut = m.outputProjections();
            } else {
                GeluMlp m = child(new GeluMlp(p + ".mlp", c.dModel(), c.dFf(), true));
                mlp = m;
                mlpOut = List.of(m.proj());
            }
        } else {
            String p = "model.layers." + index;
            norm1 = child(new RMSNorm(p + ".input_layernorm", c.dModel(), c.normEps()));
            attn = child(new SelfAttention(p + ".self_attn", c.dModel(), c.nHeads(), c.nKvHeads(), false, c.maxSeqLen(), c.ropeTheta(), c.ropeScaling()));
            norm2 = child(new RMSNorm(p + ".post_attention_layernorm", c.dModel(), c.normEps()));
            if (c.moe().isSparse()) {
                MoeMlp m = child(new MoeMlp(p + ".block_sparse_moe", c.dModel(), c.dFf(), c.moe(), true));
                mlp = m;
                mlpOut = m.outputProjections();
            } else {
                SwiGluMlp m = child(new SwiGluMlp(p + ".mlp", c.dModel(), c.dFf()));
                mlp = m;
                mlpOut = List.of(m.down());
            }
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
    List<Linear> residualProjections() {
        List<Linear> r = new ArrayList<>(mlpOut);
        r.add(0, attn.outProjection());
        return r;
    }

    /** The MoE layer, or null for a dense MLP. */
    MoeMlp moe() { return mlp instanceof MoeMlp m ? m : null; }
}
