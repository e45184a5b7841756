package llmforge.optim;

import llmforge.autograd.Parameter;

import java.util.List;

/**
 * Global gradient-norm clipping as {@code torch.nn.utils.clip_grad_norm_} does it: when the norm of all
 * gradients exceeds {@code maxNorm}, every gradient is multiplied by {@code maxNorm / (norm + 1e-6)} (the 1e-6
 * is PyTorch's guard against dividing by a zero norm). Unlike PyTorch, a non-finite norm leaves the gradients
 * untouched and is reported, so the training loop can skip the step instead of writing NaN into the weights.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as in PyTorch. */
    static final double EPS = 1e-6;

    private GradientClipping() {}

    /**
     * @param norm   the gradient norm before clipping (log this)
     * @param scale  the factor the gradients were multiplied by, rounded to float when applied (1: not clipped)
     */
    public record Result(double norm, double scale) {
        public boolean clipped() { return scale != 1; }

        /** False when a gradient held NaN or infinity: skip the optimiser step. */
        public boolean finite() { return Double.isFinite(norm); }
    }

    public static Result clipGlobalNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max gradient norm must be a finite number > 0, got " + maxNorm);
        }
        double norm = Gradients.globalNorm(params);
        if (!Double.isFinite(norm)) return new Result(norm, 1);
        double coef = maxNorm / (norm + EPS);
        if (coef >= 1) return new Result(norm, 1);
        Gradients.scale(params, coef);
        return new Result(norm, coef);
    }
}
