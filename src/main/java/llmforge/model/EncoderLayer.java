package llmforge.model;

import llmforge.autograd.Ops;
import llmforge.kernels.AttentionMask;
import llmforge.nn.LayerNorm;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * One BERT layer: bidirectional self-attention and an exact-GELU MLP, each with a residual and a LayerNorm
 * (after the residual in BERT's post-norm form, before the sublayer in pre-norm form). HF BertLayer names.
 */
final class EncoderLayer extends Module {
    private final Linear query, key, value, attnOut, intermediate, output;
    private final LayerNorm attnNorm, outNorm;
    private final int heads, headDim;
    private final boolean preNorm;

    EncoderLayer(EncoderConfig c, int index) {
        String p = "bert.encoder.layer." + index;
        int d = c.dModel();
        heads = c.nHeads();
        headDim = c.headDim();
        preNorm = c.preLayerNorm();
        query = child(new Linear(p + ".attention.self.query", d, d, true));
        key = child(new Linear(p + ".attention.self.key", d, d, true));
        value = child(new Linear(p + ".attention.self.value", d, d, true));
        attnOut = child(new Linear(p + ".attention.output.dense", d, d, true));
        attnNorm = child(new LayerNorm(p + ".attention.output.LayerNorm", d, c.normEps()));
        intermediate = child(new Linear(p + ".intermediate.dense", d, c.dFf(), true));
        output = child(new Linear(p + ".output.dense", c.dFf(), d, true));
        outNorm = child(new LayerNorm(p + ".output.LayerNorm", d, c.normEps()));
    }

    // x: (B, T, C) -> (B, T, C); dropout is applied to each sublayer's output before the residual add
    Tensor forward(Tensor x, AttentionMask mask, UnaryOperator<Tensor> dropout) {
        if (preNorm) {
            x = Ops.add(x, dropout.apply(attention(attnNorm.forward(x), mask)));
            return Ops.add(x, dropout.apply(mlp(outNorm.forward(x))));
        }
        x = attnNorm.forward(Ops.add(x, dropout.apply(attention(x, mask))));
        return outNorm.forward(Ops.add(x, dropout.apply(mlp(x))));
    }

    private Tensor attention(Tensor x, AttentionMask mask) {
        int b = x.dim(0), t = x.dim(1);
        Tensor q = Ops.reshape(query.forward(x), b, t, heads, headDim);
        Tensor k = Ops.reshape(key.forward(x), b, t, heads, headDim);
        Tensor v = Ops.reshape(value.forward(x), b, t, heads, headDim);
        return attnOut.forward(Ops.reshape(Ops.attention(q, k, v, mask), b, t, heads * headDim));
    }

    private Tensor mlp(Tensor x) { return output.forward(Ops.gelu(intermediate.forward(x), false)); }
}
