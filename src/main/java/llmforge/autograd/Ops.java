package llmforge.autograd;

import llmforge.kernels.Attention;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.RopeTable;
import llmforge.tensor.Tensor;

/**
 * The differentiable operations in one place, for static import by models and losses. Each entry delegates to
 * the op class that holds its forward/backward pair; this facade adds nothing but names.
 */
public final class Ops {
    private Ops() {}

    // ---- arithmetic (NumPy broadcasting) ----
    public static Tensor add(Tensor a, Tensor b) { return Arithmetic.add(a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return Arithmetic.sub(a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return Arithmetic.mul(a, b); }
    public static Tensor div(Tensor a, Tensor b) { return Arithmetic.div(a, b); }
    public static Tensor scale(Tensor x, float alpha) { return UnaryMath.scale(x, alpha); }

    // ---- matrix products ----
    /** (..., M, K)·(..., K, N) with batch broadcasting; transposed views are read in place. */
    public static Tensor matmul(Tensor a, Tensor b) { return MatMul.matmul(a, b); }
    /** x·Wᵀ + bias with W stored (out, in); bias may be null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) { return MatMul.linear(x, w, bias); }

    // ---- attention ----
    /** Fused attention on (B, T, H, D) q and (B, S, Hkv, D) k, v; memory O(T) per query row. */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        return ScaledDotProductAttention.attention(q, k, v, mask, Attention.defaultScale(q.dim(-1)),
                ScaledDotProductAttention.Layout.BTHD);
    }

    // ---- shapes ----
    public static Tensor reshape(Tensor x, int... shape) { return Shaping.reshape(x, shape); }
    public static Tensor permute(Tensor x, int... dims) { return Shaping.permute(x, dims); }
    public static Tensor transpose(Tensor x, int d0, int d1) { return Shaping.transpose(x, d0, d1); }
    public static Tensor transposeView(Tensor x) { return Shaping.transposeView(x); }
    public static Tensor contiguous(Tensor x) { return Shaping.contiguous(x); }
    public static Tensor select0(Tensor x, int i) { return Shaping.select0(x, i); }
    public static Tensor slice(Tensor x, int dim, int from, int to) { return Shaping.slice(x, dim, from, to); }
    public static Tensor concat(int dim, Tensor... xs) { return Shaping.concat(dim, xs); }

    // ---- pointwise math ----
    public static Tensor exp(Tensor x) { return UnaryMath.exp(x); }
    public static Tensor log(Tensor x) { return UnaryMath.log(x); }
    public static Tensor sigmoid(Tensor x) { return UnaryMath.sigmoid(x); }
    public static Tensor logSigmoid(Tensor x) { return UnaryMath.logSigmoid(x); }
    public static Tensor tanh(Tensor x) { return UnaryMath.tanh(x); }
    public static Tensor neg(Tensor x) { return UnaryMath.neg(x); }
    public static Tensor square(Tensor x) { return UnaryMath.square(x); }
    public static Tensor sqrt(Tensor x) { return UnaryMath.sqrt(x); }
    public static Tensor clamp(Tensor x, float lo, float hi) { return UnaryMath.clamp(x, lo, hi); }
    public static Tensor minimum(Tensor a, Tensor b) { return UnaryMath.minimum(a, b); }
    public static Tensor maximum(Tensor a, Tensor b) { return UnaryMath.maximum(a, b); }
    /** a where cond != 0, else b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return UnaryMath.where(cond, a, b); }

    // ---- reductions ----
    public static Tensor sum(Tensor x) { return Reduce.sum(x); }
    public static Tensor mean(Tensor x) { return Reduce.mean(x); }
    public static Tensor sumLast(Tensor x, boolean keepDim) { return Reduce.sumLast(x, keepDim); }
    public static Tensor meanLast(Tensor x, boolean keepDim) { return Reduce.meanLast(x, keepDim); }

    // ---- activations and normalisation ----
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        return tanhApproximation ? Activations.gelu(x) : Activations.geluExact(x);
    }
    public static Tensor silu(Tensor x) { return Activations.silu(x); }
    public static Tensor swiglu(Tensor gate, Tensor up) { return Activations.swiglu(gate, up); }
    public static Tensor softmax(Tensor x) { return SoftmaxFunctions.softmax(x); }
    public static Tensor logSoftmax(Tensor x) { return SoftmaxFunctions.logSoftmax(x); }
    public static Tensor layerNorm(Tensor x, Tensor w, Tensor b, float eps) { return Normalization.layerNorm(x, w, b, eps); }
    public static Tensor rmsNorm(Tensor x, Tensor w, float eps) { return Normalization.rmsNorm(x, w, eps); }
    public static Tensor dropout(Tensor x, float p, long seed) { return InvertedDropout.apply(x, p, seed, true); }

    // ---- embeddings and positions ----
    /** ids: batch*seq ints -> (batch, seq, dim). */
    public static Tensor embedding(Tensor table, int[] ids, int batch, int seq) {
        return EmbeddingLookup.lookup(table, ids, batch, seq);
    }
    /** x: (B, T, H, D) rotated by each token's position. */
    public static Tensor rope(Tensor x, int[] positions, RopeTable table) {
        return RotaryEmbedding.apply(x, positions, table, false);
    }

    // ---- losses ----
    /** Sum of per-token cross-entropies (targets != ignoreIndex) divided by {@code divisor}. */
    public static Tensor crossEntropy(Tensor logits, int[] targets, int ignoreIndex, double divisor) {
        return CrossEntropyLoss.crossEntropy(logits, targets, null, ignoreIndex, divisor);
    }
    /** log p(target) per row of (N, V) logits; 0 for ignored rows. */
    public static Tensor targetLogProbs(Tensor logits, int[] targets, int ignoreIndex) {
        return TargetLogProbs.gather(logits, targets, ignoreIndex);
    }
}
