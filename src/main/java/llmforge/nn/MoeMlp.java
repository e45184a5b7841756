package llmforge.nn;

import llmforge.autograd.IndexRows;
import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A sparse mixture-of-experts MLP (Mixtral's block_sparse_moe): a linear router ({@code gate}), softmax, top-k
 * experts per token with gates renormalised over the k, and per expert: gather its tokens, run the expert MLP as
 * one batch, scale by the gates and scatter-add back. Tokens dropped for capacity get 0 from this layer (the block's
 * residual carries them). Each forward leaves its auxiliary loss and routing statistics for the model to collect.
 */
public final class MoeMlp extends Module implements FeedForward {
    private final MoeConfig config;
    private final Linear router;
    private final List<FeedForward> experts = new ArrayList<>();
    private final List<Linear> expertOutputs = new ArrayList<>();
    private Tensor lastAuxLoss;
    private MoeRouting lastRouting;

    /** @param swiGlu SwiGLU experts named experts.E.w1/w3/w2 (Mixtral) or GELU-tanh experts experts.E.c_fc/c_proj */
    public MoeMlp(String name, int dim, int hidden, MoeConfig config, boolean swiGlu) {
        if (!config.isSparse()) throw new IllegalArgumentException("MoeMlp needs num_local_experts > 0");
        this.config = config;
        router = child(new Linear(name + ".gate", dim, config.numExperts(), false));
        for (int e = 0; e < config.numExperts(); e++) {
            String p = name + ".experts." + e;
            if (swiGlu) {
                SwiGluMlp m = child(new SwiGluMlp(p + ".w1", p + ".w3", p + ".w2", dim, hidden));
                experts.add(m);
                expertOutputs.add(m.down());
            } else {
                GeluMlp m = child(new GeluMlp(p, dim, hidden, true));
                experts.add(m);
                expertOutputs.add(m.proj());
            }
        }
    }

    // x: (B, T, C) or (N, C) -> same shape
    @Override public Tensor forward(Tensor x) {
        int c = x.dim(-1), n = (int) (x.size() / c), ne = config.numExperts(), k = config.topK();
        Tensor xf = Ops.reshape(x, n, c);
        Tensor logits = router.forward(xf);                                        // (N, E)
        Tensor probs = Ops.softmax(logits);
        MoeRouting routing = new MoeRouting(probs.toFloatArray(), n, ne, k, config.capacity(n));
        lastRouting = routing;

        // renormalisation: each token's gates are its top-k probabilities over their sum (before capacity drops)
        Tensor flatProbs = Ops.reshape(probs, n * ne, 1);
        int[] topFlat = new int[n * k];
        for (int t = 0; t < n; t++) for (int r = 0; r < k; r++) topFlat[t * k + r] = t * ne + routing.choice[t * k + r];
        Tensor denom = Ops.sumLast(Ops.reshape(IndexRows.gather(flatProbs, topFlat), n, k), true);   // (N, 1)

        Tensor out = null;
        for (int e = 0; e < ne; e++) {
            int[] tok = routing.tokensOf[e];
            if (tok.length == 0) continue;
            int[] flat = new int[tok.length];
            for (int i = 0; i < tok.length; i++) flat[i] = tok[i] * ne + e;
            Tensor gate = Ops.div(IndexRows.gather(flatProbs, flat), IndexRows.gather(denom, tok));  // (n_e, 1)
            Tensor y = Ops.mul(experts.get(e).forward(IndexRows.gather(xf, tok)), gate);
            Tensor part = IndexRows.scatterAdd(y, tok, n);
            out = out == null ? part : Ops.add(out, part);
        }
        if (out == null) out = Tensor.zeros(n, c);    // every slot dropped: the layer adds nothing
        lastAuxLoss = auxLoss(logits, probs, routing, n);
        return Ops.reshape(out, x.shape());
    }

    /** auxCoef · E · Σ_i f_i P_i + zCoef · mean_t logsumexp(logits_t)², with f_i = selections of i / N. */
    private Tensor auxLoss(Tensor logits, Tensor probs, MoeRouting routing, int n) {
        int ne = config.numExperts();
        float[] f = new float[ne];
        for (int e = 0; e < ne; e++) f[e] = (float) routing.selected[e] / n;
        Tensor balance = Ops.scale(Ops.sum(Ops.mul(probs, Tensor.of(f, 1, ne))), (float) ne / n);
        // logsumexp with the row max held constant: exact value and gradient, no overflow
        float[] l = logits.toFloatArray();
        float[] max = new float[n];
        for (int t = 0; t < n; t++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int e = 0; e < ne; e++) m = Math.max(m, l[t * ne + e]);
            max[t] = m;
        }
        Tensor m = Tensor.of(max, n, 1);
        Tensor lse = Ops.add(Ops.log(Ops.sumLast(Ops.exp(Ops.sub(logits, m)), true)), m);
        Tensor z = Ops.scale(Ops.sum(Ops.square(lse)), 1f / n);
        return Ops.add(Ops.scale(balance, (float) config.auxLossCoef()), Ops.scale(z, (float) config.zLossCoef()));
    }

    /** The weighted auxiliary loss of the last forward (a scalar on the tape). */
    public Tensor lastAuxLoss() { return lastAuxLoss; }

    public MoeStats lastStats() { return lastRouting == null ? MoeStats.empty(config.numExperts()) : lastRouting.stats(); }

    public MoeRouting lastRouting() { return lastRouting; }

    public Linear router() { return router; }

    /** The projections that write into the residual stream. */
    public List<Linear> outputProjections() { return expertOutputs; }

    public MoeConfig config() { return config; }
}
