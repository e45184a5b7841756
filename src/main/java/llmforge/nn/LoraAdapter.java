package llmforge.nn;

import llmforge.autograd.LowRankUpdate;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The low-rank update of one Linear: (alpha / r)·(dropout(x)·Aᵀ)·Bᵀ with A (r, in) drawn uniform in
 * ±1/sqrt(in) (PyTorch's kaiming-uniform with a = sqrt 5) and B (out, r) zero, so a fresh adapter changes nothing.
 * Parameter names are {@code <module>.lora_A.weight} / {@code lora_B.weight} as in PEFT (minus its prefix).
 */
public final class LoraAdapter {
    private final Parameter a;
    private final Parameter b;
    private final float scale;
    private final float dropout;
    private final long moduleSalt;
    private boolean training = true;
    private boolean enabled = true;
    private long stepSeed;
    private long callsThisStep;

    public LoraAdapter(String module, int in, int out, LoraConfig c, long seed) {
        a = new Parameter(module + ".lora_A.weight", c.rank(), in);
        b = new Parameter(module + ".lora_B.weight", out, c.rank());
        scale = (float) c.scale();
        dropout = (float) c.dropout();
        moduleSalt = module.hashCode() * 0xBF58476D1CE4E5B9L;
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ a.name().hashCode());
        double bound = 1 / Math.sqrt(in);
        Tensor av = a.value();
        for (long i = 0, n = av.size(); i < n; i++) av.set(i, (float) ((r.nextDouble() * 2 - 1) * bound));
    }

    // y (..., out) += update of x (..., in), in place (y is the base Linear's fresh output)
    Tensor addTo(Tensor y, Tensor x) {
        // the mask is a function of (step seed, module, call within the step) only, so a resumed run redraws it
        Tensor xin = training && dropout > 0 ? Ops.dropout(x, dropout, stepSeed * 1_000_003L + moduleSalt + callsThisStep++) : x;
        return LowRankUpdate.addInto(y, xin, a.value(), b.value(), scale);
    }

    public void train(boolean on) { training = on; }

    /** Seeds this step's dropout masks (the training loop passes its per-micro-batch seed). */
    public void dropoutSeed(long s) {
        stepSeed = s;
        callsThisStep = 0;
    }

    /** Whether the Linear adds this update; off, the Linear is its frozen base (a reference model for free). */
    public boolean enabled() { return enabled; }

    void enabled(boolean on) { enabled = on; }

    public Parameter a() { return a; }

    public Parameter b() { return b; }

    public float scale() { return scale; }

    public int in() { return a.shape()[1]; }

    public int out() { return b.shape()[0]; }

    public int rank() { return a.shape()[0]; }
}
