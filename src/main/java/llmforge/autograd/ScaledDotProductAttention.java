package llmforge.autograd;

import llmforge.kernels.Attention;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.AttentionShape;
import llmforge.kernels.HeadsView;
import llmforge.tensor.Tensor;

/**
 * Fused scaled-dot-product attention as one autograd op: softmax(scale q k^T + mask) v, with the mask described
 * by {@link AttentionMask} (causal / bidirectional, key padding, packed-document ids, combinable; queries aligned
 * to the end of the keys for KV-cache blocks). The forward saves only the per-row log-sum-exp; the backward
 * recomputes probabilities tile by tile.
 *
 * <pre>
 * BHTD: q (B, Hq, T, D), k, v (B, Hkv, S, D) -> (B, Hq, T, D)
 * BTHD: q (B, T, Hq, D), k, v (B, S, Hkv, D) -> (B, T, Hq, D)   (the layout a fused qkv projection produces)
 * </pre>
 * Hq must be a multiple of Hkv (grouped-query attention). Inputs must be contiguous in the chosen layout.
 */
public final class ScaledDotProductAttention {
    /** Memory order of the q, k, v, output tensors. */
    public enum Layout { BHTD, BTHD }

    private ScaledDotProductAttention() {}

    /** (B, Hq, T, D) attention with scale 1 / sqrt(D). */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        return attention(q, k, v, mask, Attention.defaultScale(q.dim(-1)), Layout.BHTD);
    }

    public static Tensor attention(Tensor q, Tensor k, Tensor v, AttentionMask mask, float scale, Layout layout) {
        AttentionShape sh = shapeOf(q, k, v, layout);
        Tensor out = Tensor.empty(q.shape());
        Tensor lse = Tensor.empty(sh.batch(), sh.heads(), sh.queries());
        Attention.forward(sh, mask, scale, heads(q, sh.heads(), layout), heads(k, sh.kvHeads(), layout),
                heads(v, sh.kvHeads(), layout), heads(out, sh.heads(), layout), lse.segment(), lse.offset());
        Tape.record(out, () -> {
            Tensor delta = Tensor.empty(sh.batch(), sh.heads(), sh.queries());
            Attention.backward(sh, mask, scale, heads(q, sh.heads(), layout), heads(k, sh.kvHeads(), layout),
                    heads(v, sh.kvHeads(), layout), heads(out, sh.heads(), layout), lse.segment(), lse.offset(),
                    heads(out.grad(), sh.heads(), layout),
                    Tape.wants(q) ? heads(Grads.of(q), sh.heads(), layout) : null,
                    Tape.wants(k) ? heads(Grads.of(k), sh.kvHeads(), layout) : null,
                    Tape.wants(v) ? heads(Grads.of(v), sh.kvHeads(), layout) : null,
                    delta.segment(), delta.offset());
        }, q, k, v);
        return out;
    }

    private static AttentionShape shapeOf(Tensor q, Tensor k, Tensor v, Layout layout) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException("attention needs rank-4 q, k, v in layout " + layout + ", got " + q
                    + ", " + k + ", " + v);
        }
        if (!k.sameShape(v)) throw new IllegalArgumentException("attention k " + k + " and v " + v + " differ in shape");
        int t = layout == Layout.BHTD ? 2 : 1, h = 3 - t;
        if (q.dim(0) != k.dim(0) || q.dim(3) != k.dim(3)) {
            throw new IllegalArgumentException("attention q " + q + " and k " + k
                    + " must agree in batch (dim 0) and head dim (dim 3), layout " + layout);
        }
        if (k.dim(h) < 1 || q.dim(h) % k.dim(h) != 0) {
            throw new IllegalArgumentException("attention query heads " + q.dim(h) + " must be a multiple of kv heads "
                    + k.dim(h) + " (q " + q + ", k " + k + ", layout " + layout + ")");
        }
        for (Tensor x : new Tensor[] {q, k, v}) x.requireContiguous("attention");
        return new AttentionShape(q.dim(0), q.dim(h), k.dim(h), q.dim(t), k.dim(t), q.dim(3));
    }

    private static HeadsView heads(Tensor x, int heads, Layout layout) {
        x.requireContiguous("attention");
        int positions = layout == Layout.BHTD ? x.dim(2) : x.dim(1);
        return layout == Layout.BHTD ? HeadsView.bhtd(x.segment(), x.offset(), heads, positions, x.dim(3))
                : HeadsView.bthd(x.segment(), x.offset(), heads, positions, x.dim(3));
    }
}
