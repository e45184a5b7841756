package llmforge.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * AdamW with torch.optim.AdamW's exact semantics, run in place by libtorch's fused update that DJL exposes.
 *
 * <p>That kernel computes w -= lr*wd*w; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lrBc*m/(sqrt(v)+eps')
 * and then zeroes the gradient. DJL's own AdamW passes eps unscaled, which differs slightly from PyTorch; with
 * lrBc = lr*sqrt(1-b2^t)/(1-b1^t) and eps' = eps*sqrt(1-b2^t) the step equals PyTorch's
 * lr/(1-b1^t) * m / (sqrt(v/(1-b2^t)) + eps) exactly. Only float arguments cross JNI, so no Java-scalar
 * tensors are created (nothing for the GC to free under libtorch's feet).
 */
final class TorchAdamW {
    private final List<BenchmarkGpt.Param> params;
    private final NDArray[] mean, variance;
    private final float lr, beta1, beta2, eps, weightDecay;
    private int step;

    TorchAdamW(List<BenchmarkGpt.Param> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this.params = params;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        mean = new NDArray[params.size()];
        variance = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).value();
            mean[i] = w.zerosLike();
            variance[i] = w.zerosLike();
        }
    }

    /** Applies one update from the gradients left by backward, then zeroes them. */
    void step() {
        step++;
        double bc1 = 1 - Math.pow(beta1, step), sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, step));
        float lrBiasCorrected = (float) (lr * sqrtBc2 / bc1), epsScaled = (float) (eps * sqrtBc2);
        for (int i = 0; i < params.size(); i++) {
            BenchmarkGpt.Param p = params.get(i);
            NDArray w = p.value();
            // getGradient() makes a new handle in the parameter's manager: close it or it piles up per step.
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(new NDList(w, grad, mean[i], variance[i]), new NDList(w),
                        lr, lrBiasCorrected, p.decay() ? weightDecay : 0f, 1f, -1f, beta1, beta2, epsScaled,
                        false, true);
            }
        }
    }
}
