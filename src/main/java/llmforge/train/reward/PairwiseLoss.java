package llmforge.train.reward;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

import java.util.List;

/**
 * The reward model's Bradley–Terry loss over pairs of rewards: per pair −log σ(r_better − r_worse − margin)
 * + centring · (r_better + r_worse)², the centring term pulling rewards towards zero mean. Each pair carries a weight
 * (InstructGPT: 1 / C(K,2) so every prompt counts once, divided by the step's prompt count).
 */
public final class PairwiseLoss {
    private PairwiseLoss() {}

    /**
     * @param rewards (N) rewards of all answers of the batch
     * @param pairs   (better, worse) indices into {@code rewards}
     * @param weights per-pair weight
     * @return the weighted sum, a scalar on the current tape
     */
    public static Tensor loss(Tensor rewards, List<int[]> pairs, float[] weights, float margin, float centring) {
        int n = (int) rewards.size(), p = pairs.size();
        // pair differences and sums as products with ±1 selection matrices: gathers with a plain matmul backward
        float[] diff = new float[p * n], sum = new float[p * n];
        for (int k = 0; k < p; k++) {
            int[] pr = pairs.get(k);
            diff[k * n + pr[0]] += 1;
            diff[k * n + pr[1]] -= 1;
            sum[k * n + pr[0]] += 1;
            sum[k * n + pr[1]] += 1;
        }
        Tensor r = Ops.reshape(rewards, n, 1);
        Tensor d = Ops.reshape(Ops.matmul(Tensor.of(diff, p, n), r), p);
        Tensor w = Tensor.of(weights, p);
        Tensor nll = Ops.neg(Ops.logSigmoid(margin == 0 ? d : Ops.add(d, Tensor.scalar(-margin))));
        Tensor loss = Ops.sum(Ops.mul(nll, w));
        if (centring != 0) {
            Tensor s = Ops.reshape(Ops.matmul(Tensor.of(sum, p, n), r), p);
            loss = Ops.add(loss, Ops.scale(Ops.sum(Ops.mul(Ops.square(s), w)), centring));
        }
        return loss;
    }
}
