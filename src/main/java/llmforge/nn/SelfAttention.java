package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.RopeTable;
import llmforge.tensor.Tensor;

/**
 * Multi-head causal self-attention. GPT-2 flavour: one fused c_attn projection to q|k|v and c_proj, with biases.
 * LLaMA flavour: q_proj / k_proj / v_proj / o_proj without biases, grouped-query heads and rotary positions.
 */
public final class SelfAttention extends Module {
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final Linear qkv;              // gpt2
    private final Linear q, k, v;          // llama
    private final Linear out;
    private final RopeTable rope;          // llama

    public SelfAttention(String name, int dim, int heads, int kvHeads, boolean gpt2, int maxSeq, double ropeTheta,
                         double ropeScaling) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = dim / heads;
        this.rope = gpt2 ? null : RopeTable.of(headDim, ropeTheta, ropeScaling, 1, maxSeq);
        if (gpt2) {
            qkv = child(new Linear(name + ".c_attn", dim, 3 * dim, true));
            q = k = v = null;
            out = child(new Linear(name + ".c_proj", dim, dim, true));
        } else {
            qkv = null;
            q = child(new Linear(name + ".q_proj", dim, heads * headDim, false));
            k = child(new Linear(name + ".k_proj", dim, kvHeads * headDim, false));
            v = child(new Linear(name + ".v_proj", dim, kvHeads * headDim, false));
            out = child(new Linear(name + ".o_proj", heads * headDim, dim, false));
        }
    }

    // x: (B, T, C) -> (B, T, C); attention runs in the (B, T, H, D) layout the projections produce
    public Tensor forward(Tensor x, SequenceLayout layout) {
        int b = layout.batch(), t = layout.seq();
        Tensor[] qkvHeads = project(x, b, t, qkv != null ? null : layout.positionsOrDefault());
        AttentionMask mask = layout.documentIds() == null ? AttentionMask.CAUSAL
                : AttentionMask.CAUSAL.withDocuments(layout.documentIds());
        Tensor y = Ops.attention(qkvHeads[0], qkvHeads[1], qkvHeads[2], mask);   // (B, T, H, D)
        return out.forward(Ops.reshape(y, b, t, heads * headDim));
    }

    /**
     * Inference with a KV cache: x (B, T, C) holds only the new tokens, at {@code positions} (B*T); their keys
     * and values join the cache of {@code layer} and the queries attend to everything cached -> (B, T, C).
     */
    public Tensor forwardCached(Tensor x, int[] positions, KvCache cache, int layer) {
        int b = x.dim(0), t = x.dim(1);
        Tensor[] qkvHeads = project(x, b, t, positions);
        Tensor y = cache.attend(layer, qkvHeads[0], qkvHeads[1], qkvHeads[2]);
        return out.forward(Ops.reshape(y, b, t, heads * headDim));
    }

    // x (B, T, C) -> q (B, T, H, D), k, v (B, T, Hkv, D); rotary positions (llama) from positions (B*T)
    private Tensor[] project(Tensor x, int b, int t, int[] positions) {
        if (qkv != null) {
            // (B, T, 3C) -> (B, T, 3, H, D) -> (3, B, T, H, D): one copy, then q, k, v are contiguous views
            Tensor all = Ops.permute(Ops.reshape(qkv.forward(x), b, t, 3, heads, headDim), 2, 0, 1, 3, 4);
            return new Tensor[] {Ops.select0(all, 0), Ops.select0(all, 1), Ops.select0(all, 2)};
        }
        return new Tensor[] {Ops.rope(Ops.reshape(q.forward(x), b, t, heads, headDim), positions, rope),
                Ops.rope(Ops.reshape(k.forward(x), b, t, kvHeads, headDim), positions, rope),
                Ops.reshape(v.forward(x), b, t, kvHeads, headDim)};
    }

    public Linear outProjection() { return out; }
}
