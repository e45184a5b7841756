package llmforge.nn;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA on a model: adapters attached to every targeted {@link Linear}, all base parameters frozen (no gradient is
 * computed for them, and an optimiser built on {@link #parameters()} keeps no state for them).
 */
public final class Lora {
    private final LoraConfig config;
    private final Map<String, Linear> targets;

    private Lora(LoraConfig config, Map<String, Linear> targets) {
        this.config = config;
        this.targets = targets;
    }

    /** Attaches fresh adapters (B = 0) to the Linears that {@code config} targets and freezes the base model. */
    public static Lora attach(Module model, LoraConfig config, long seed) {
        Map<String, Linear> targets = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        for (Module m : model.modules()) {
            if (!(m instanceof Linear l)) continue;
            all.add(l.moduleName());
            if (config.targets(l.moduleName())) targets.put(l.moduleName(), l);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA target modules '" + config.targetModules() + "' match no Linear; names look like "
                    + all.subList(0, Math.min(4, all.size())));
        }
        for (Parameter p : model.parameters()) p.trainable(false);
        for (Linear l : targets.values()) {
            if (l.adapter() != null) throw new IllegalStateException(l.moduleName() + " already has an adapter");
            l.adapter(new LoraAdapter(l.moduleName(), l.in(), l.out(), config, seed));
        }
        return new Lora(config, targets);
    }

    public LoraConfig config() { return config; }

    /** Adapted modules by name, in model order. */
    public Map<String, Linear> modules() { return Collections.unmodifiableMap(targets); }

    /** The trainable parameters: lora_A and lora_B of every adapter. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Linear l : targets.values()) {
            ps.add(l.adapter().a());
            ps.add(l.adapter().b());
        }
        return ps;
    }

    public void train(boolean on) { for (Linear l : targets.values()) l.adapter().train(on); }

    /** Seeds this step's adapter dropout masks. */
    public void dropoutSeed(long s) { for (Linear l : targets.values()) l.adapter().dropoutSeed(s); }

    /**
     * Runs the frozen base model alone until the scope closes: {@code try (var base = lora.bypass()) { ... }}. The
     * base of a LoRA run is its reference model (DPO, PPO), so no second copy needs to be loaded.
     */
    public Bypass bypass() {
        for (Linear l : targets.values()) l.adapter().enabled(false);
        return () -> { for (Linear l : targets.values()) l.adapter().enabled(true); };
    }

    /** Re-enables the adapters on close. */
    public interface Bypass extends AutoCloseable {
        @Override void close();
    }

    /** Weights of the adapters (what a LoRA run trains and saves), in floats. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /** Folds every adapter into its base weight (W += scale·B·A), removes the adapters and unfreezes the model. */
    public void merge(Module model) {
        for (Linear l : targets.values()) {
            LoraAdapter ad = l.adapter();
            float[] a = ad.a().value().toFloatArray(), b = ad.b().value().toFloatArray();
            Tensor w = l.weight().value();
            int in = ad.in(), out = ad.out(), r = ad.rank();
            float[] wv = w.toFloatArray();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int k = 0; k < r; k++) s += (double) b[o * r + k] * a[k * in + i];
                    wv[o * in + i] += (float) (ad.scale() * s);
                }
            }
            w.copyFrom(wv);
            l.adapter(null);
        }
        for (Parameter p : model.parameters()) p.trainable(true);
    }
}
