package llmforge.train.dpo;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

import java.util.Locale;

/**
 * The direct-preference losses over h = (log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r)) per pair:
 * <ul>
 *   <li>DPO: −log σ(βh); with label smoothing ε (conservative DPO): −(1−ε) log σ(βh) − ε log σ(−βh)</li>
 *   <li>IPO: (h − 1/(2β))²</li>
 *   <li>hinge (SLiC): max(0, 1 − βh)</li>
 * </ul>
 * plus, when {@code rpoAlpha} > 0, α times the chosen answer's mean per-token NLL (RPO). Pair losses are summed and
 * divided by {@code divisor} (the step's pair count), so accumulated micro-batches equal one large batch.
 */
public final class DpoLoss {
    public enum Variant { DPO, IPO, HINGE }

    public record Settings(Variant variant, double beta, double labelSmoothing, double rpoAlpha) {
        public Settings {
            if (!(beta > 0)) throw new IllegalArgumentException("'beta' must be positive");
            if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) throw new IllegalArgumentException("'label_smoothing' must be in [0, 0.5)");
            if (labelSmoothing > 0 && variant != Variant.DPO) throw new IllegalArgumentException("'label_smoothing' applies to loss: dpo only");
            if (rpoAlpha < 0) throw new IllegalArgumentException("'rpo_alpha' must be >= 0");
        }

        public static Variant variant(String name) {
            try {
                return Variant.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'loss' must be dpo, ipo or hinge, not '" + name + "'");
            }
        }
    }

    private DpoLoss() {}

    /**
     * @param policyChosen   (n) log π(c), on the tape
     * @param policyRejected (n) log π(r), on the tape
     * @param chosenTokens   answer tokens of each chosen answer (for the RPO term)
     */
    public static Tensor loss(Tensor policyChosen, Tensor policyRejected, float[] refChosen, float[] refRejected,
                              float[] chosenTokens, Settings s, float divisor) {
        int n = refChosen.length;
        Tensor h = Ops.sub(Ops.sub(policyChosen, Tensor.of(refChosen, n)), Ops.sub(policyRejected, Tensor.of(refRejected, n)));
        float beta = (float) s.beta();
        Tensor perPair = switch (s.variant()) {
            case DPO -> {
                Tensor l = Ops.neg(Ops.logSigmoid(Ops.scale(h, beta)));
                if (s.labelSmoothing() == 0) yield l;
                float eps = (float) s.labelSmoothing();
                yield Ops.add(Ops.scale(l, 1 - eps), Ops.scale(Ops.neg(Ops.logSigmoid(Ops.scale(h, -beta))), eps));
            }
            case IPO -> Ops.square(Ops.sub(h, filled(n, 1 / (2 * beta))));
            case HINGE -> Ops.maximum(Ops.sub(filled(n, 1), Ops.scale(h, beta)), filled(n, 0));
        };
        if (s.rpoAlpha() > 0) {
            float[] w = new float[n];
            for (int i = 0; i < n; i++) w[i] = (float) -s.rpoAlpha() / Math.max(1, chosenTokens[i]);
            perPair = Ops.add(perPair, Ops.mul(policyChosen, Tensor.of(w, n)));
        }
        return Ops.scale(Ops.sum(perPair), 1f / divisor);
    }

    private static Tensor filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return Tensor.of(a, n);
    }
}
