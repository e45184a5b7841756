package llmforge.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark GPT-2 (pre-LayerNorm blocks, learned positions, tied embeddings, biases everywhere, tanh GELU,
 * no dropout) written with raw NDArray ops so that autograd runs inside libtorch.
 *
 * <p>Two DJL rules shape this code. (1) An op's result belongs to the manager of the array it is called on, so
 * every op is called on a per-step activation (never on a parameter or constant), which keeps all step
 * temporaries in the step's manager and frees them when it closes. (2) Ops taking a Java {@code Number} wrap it
 * in a tensor they free at once although autograd may still hold it; all scalars are therefore persistent
 * NDArrays created once here.
 */
final class BenchmarkGpt implements AutoCloseable {
    static final int VOCAB = 4096, BLOCK = 256, D_MODEL = 256, LAYERS = 4, HEADS = 4, HEAD_DIM = D_MODEL / HEADS;
    private static final float LN_EPS = 1e-5f;

    /** A trainable tensor with its HuggingFace-style name; {@code decay} follows nanoGPT's rule (2-D tensors). */
    record Param(String name, NDArray value, boolean decay) {}

    private final NDManager manager;
    private final List<Param> params = new ArrayList<>();
    private final NDArray wte, wpe, lnFW, lnFB;
    private final Layer[] layers = new Layer[LAYERS];
    // Persistent constants (see rule 2 above).
    private final NDArray causalMask, attnScale, half, one, geluC, geluK;

    private record Layer(NDArray ln1W, NDArray ln1B, NDArray qkvW, NDArray qkvB, NDArray projW, NDArray projB,
                         NDArray ln2W, NDArray ln2B, NDArray fcW, NDArray fcB, NDArray fcProjW, NDArray fcProjB) {}

    BenchmarkGpt(NDManager manager) {
        this.manager = manager;
        float std = 0.02f, residualStd = (float) (0.02 / Math.sqrt(2.0 * LAYERS));
        wte = normal("transformer.wte.weight", std, VOCAB, D_MODEL);
        wpe = normal("transformer.wpe.weight", std, BLOCK, D_MODEL);
        for (int l = 0; l < LAYERS; l++) {
            String p = "transformer.h." + l + ".";
            layers[l] = new Layer(
                    ones(p + "ln_1.weight"), zeros(p + "ln_1.bias", D_MODEL),
                    normal(p + "attn.c_attn.weight", std, 3 * D_MODEL, D_MODEL), zeros(p + "attn.c_attn.bias", 3 * D_MODEL),
                    normal(p + "attn.c_proj.weight", residualStd, D_MODEL, D_MODEL), zeros(p + "attn.c_proj.bias", D_MODEL),
                    ones(p + "ln_2.weight"), zeros(p + "ln_2.bias", D_MODEL),
                    normal(p + "mlp.c_fc.weight", std, 4 * D_MODEL, D_MODEL), zeros(p + "mlp.c_fc.bias", 4 * D_MODEL),
                    normal(p + "mlp.c_proj.weight", residualStd, D_MODEL, 4 * D_MODEL), zeros(p + "mlp.c_proj.bias", D_MODEL));
        }
        lnFW = ones("transformer.ln_f.weight");
        lnFB = zeros("transformer.ln_f.bias", D_MODEL);

        float[] mask = new float[BLOCK * BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            for (int j = i + 1; j < BLOCK; j++) mask[i * BLOCK + j] = Float.NEGATIVE_INFINITY;
        }
        causalMask = manager.create(mask, new Shape(BLOCK, BLOCK));
        attnScale = manager.create((float) (1.0 / Math.sqrt(HEAD_DIM)));
        half = manager.create(0.5f);
        one = manager.create(1.0f);
        geluC = manager.create((float) Math.sqrt(2.0 / Math.PI));
        geluK = manager.create(0.044715f);
    }

    List<Param> params() { return params; }

    /** Parameters counted by the FLOP formula: all but the position table (the tied wte counts once). */
    long flopParams() {
        return params.stream().filter(p -> p.value() != wpe).mapToLong(p -> p.value().size()).sum();
    }

    /**
     * Mean next-token cross-entropy. inputs, targets: (B, T) int64, created in the step's manager.
     */
    NDArray loss(NDArray inputs, NDArray targets) {
        long b = inputs.getShape().get(0), t = inputs.getShape().get(1);
        if (t != BLOCK) throw new IllegalArgumentException("sequence length must be " + BLOCK + ", got " + t);
        // (B, T) -> (B, T, C): table gather plus the (T, C) position table broadcast over the batch.
        NDArray x = single(inputs.getNDArrayInternal().embedding(inputs, wte, SparseFormat.DENSE)).add(wpe);
        for (Layer layer : layers) {
            x = x.add(attention(layerNorm(x, layer.ln1W, layer.ln1B), layer, b, t));
            x = x.add(mlp(layerNorm(x, layer.ln2W, layer.ln2B), layer));
        }
        // (B, T, C) -> (B*T, V) through the tied output projection.
        NDArray logits = linear(layerNorm(x, lnFW, lnFB), wte, null).reshape(b * t, VOCAB);
        NDArray picked = logits.logSoftmax(1).gather(targets.reshape(b * t, 1), 1);
        return picked.mean().neg();
    }

    // x: (B, T, C) -> (B, T, C)
    private NDArray attention(NDArray x, Layer layer, long b, long t) {
        NDList qkv = linear(x, layer.qkvW, layer.qkvB).split(3, 2);
        NDArray q = heads(qkv.get(0), b, t), k = heads(qkv.get(1), b, t), v = heads(qkv.get(2), b, t);
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(attnScale).add(causalMask).softmax(-1); // (B, H, T, T)
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, D_MODEL);
        return linear(y, layer.projW, layer.projB);
    }

    // (B, T, C) -> (B, H, T, D)
    private static NDArray heads(NDArray x, long b, long t) {
        return x.reshape(b, t, HEADS, HEAD_DIM).transpose(0, 2, 1, 3);
    }

    // x: (B, T, C) -> (B, T, C) through the 4C hidden layer.
    private NDArray mlp(NDArray x, Layer layer) {
        return linear(geluTanh(linear(x, layer.fcW, layer.fcB)), layer.fcProjW, layer.fcProjB);
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); DJL's gelu() is the erf form, so it is spelled out. */
    private NDArray geluTanh(NDArray x) {
        NDArray inner = x.mul(x).mul(geluK).add(one).mul(x).mul(geluC);
        return inner.tanh().add(one).mul(x).mul(half);
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return single(x.getNDArrayInternal().layerNorm(x, new Shape(D_MODEL), gamma, beta, LN_EPS));
    }

    // x: (..., in) with weight (out, in) -> (..., out), as torch.nn.functional.linear.
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return single(x.getNDArrayInternal().linear(x, weight, bias));
    }

    private static NDArray single(NDList list) { return list.singletonOrThrow(); }

    private NDArray normal(String name, float std, long... shape) {
        return register(name, manager.randomNormal(0f, std, new Shape(shape), DataType.FLOAT32), true);
    }

    private NDArray ones(String name) {
        return register(name, manager.ones(new Shape(D_MODEL)), false);
    }

    private NDArray zeros(String name, long size) {
        return register(name, manager.zeros(new Shape(size)), false);
    }

    private NDArray register(String name, NDArray value, boolean decay) {
        value.setName(name);
        value.setRequiresGradient(true);
        params.add(new Param(name, value, decay));
        return value;
    }

    @Override
    public void close() { manager.close(); }
}
