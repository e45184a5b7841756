package llmforge.optim;

import llmforge.autograd.Parameter;
import llmforge.kernels.AdamWKernel;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * AdamW with decoupled weight decay and parameter groups, matching {@code torch.optim.AdamW} (see
 * {@link AdamWKernel} for the update). Each trainable parameter owns two persistent moment buffers (m, v) made
 * when the optimiser is built; frozen parameters get none. The trainable set is fixed then: freeze or unfreeze
 * before building the optimiser. A parameter shared by two modules (tied embeddings) is updated once.
 *
 * <pre>
 * AdamW opt = AdamW.create(model.parameters(), AdamWConfig.DEFAULT);
 * ... backward, clip ...;  opt.step(schedule.lr(opt.stepCount()));  opt.zeroGrad();
 * </pre>
 */
public final class AdamW {
    private final List<ParamGroup> groups;
    private final double beta1, beta2, eps;
    private final Map<Parameter, Moments> moments = new IdentityHashMap<>();
    private long step;

    /** The two running averages of one parameter, shaped like it. */
    private record Moments(Tensor m, Tensor v) {}

    /** Groups the parameters by {@code config.noDecay()} into "decay" / "no_decay". */
    public static AdamW create(List<Parameter> params, AdamWConfig config) {
        return new AdamW(config.noDecay().split(params, config.weightDecay()), config.beta1(), config.beta2(), config.eps());
    }

    /** Explicit groups; betas and eps are shared by all of them. Frozen parameters in a group are left out. */
    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
        AdamWConfig.checkMoments(beta1, beta2, eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        Map<String, Parameter> byName = new LinkedHashMap<>();
        List<ParamGroup> kept = new ArrayList<>();
        for (ParamGroup g : groups) {
            List<Parameter> trainable = new ArrayList<>();
            for (Parameter p : g.params()) {
                if (!p.trainable() || moments.containsKey(p)) continue;
                Parameter clash = byName.putIfAbsent(p.name(), p);
                if (clash != null) {
                    throw new IllegalArgumentException("two different parameters are named '" + p.name()
                            + "': optimiser state is saved by name, so names must be unique");
                }
                moments.put(p, new Moments(Tensor.persistent(p.shape()), Tensor.persistent(p.shape())));
                trainable.add(p);
            }
            kept.add(new ParamGroup(g.name(), trainable, g.lrScale(), g.weightDecay()));
        }
        this.groups = List.copyOf(kept);
    }

    public List<ParamGroup> groups() { return groups; }

    /** Updates taken so far (PyTorch's {@code state['step']}). */
    public long stepCount() { return step; }

    /** Every trainable parameter, in group order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params());
        return all;
    }

    /**
     * One update of every parameter from its current gradient, each group at {@code lr * lrScale}. Callers skip
     * the call (not the gradient zeroing) when the gradient norm was not finite.
     */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        step++;
        for (ParamGroup g : groups) {
            AdamWKernel.Hyper h = new AdamWKernel.Hyper(lr * g.lrScale(), beta1, beta2, eps, g.weightDecay(), step);
            for (Parameter p : g.params()) {
                if (!p.trainable()) {
                    throw new IllegalStateException("parameter '" + p.name() + "' was frozen after the optimiser "
                            + "was built; freeze parameters before creating the optimiser");
                }
                Moments s = moments.get(p);
                Tensor w = p.value(), grad = p.grad();
                AdamWKernel.update(w.segment(), w.offset(), grad.segment(), grad.offset(), s.m().segment(),
                        s.m().offset(), s.v().segment(), s.v().offset(), w.size(), h);
            }
        }
    }

    /** Zeroes the gradients of this optimiser's parameters (start of the next accumulation). */
    public void zeroGrad() { Gradients.zero(parameters()); }

    /** The state to checkpoint: step count plus {@code <name>.exp_avg} / {@code <name>.exp_avg_sq} tensors. */
    public OptimizerState state() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            Moments s = moments.get(p);
            tensors.put(p.name() + ".exp_avg", s.m());
            tensors.put(p.name() + ".exp_avg_sq", s.v());
        }
        return new OptimizerState(step, tensors);
    }

    /** Restores a saved state; the names and shapes must match this optimiser's parameters exactly. */
    public void load(OptimizerState saved) {
        Map<String, Tensor> mine = state().tensors();
        Set<String> missing = new TreeSet<>(mine.keySet());
        missing.removeAll(saved.tensors().keySet());
        Set<String> extra = new TreeSet<>(saved.tensors().keySet());
        extra.removeAll(mine.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("optimizer state does not match the model's trainable parameters: "
                    + (missing.isEmpty() ? "" : "missing " + missing + " ") + (extra.isEmpty() ? "" : "unexpected " + extra));
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = saved.tensors().get(e.getKey());
            if (!e.getValue().sameShape(src)) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has shape "
                        + Arrays.toString(src.shape()) + ", expected " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) e.getValue().copyFrom(saved.tensors().get(e.getKey()));
        step = saved.step();
    }
}
