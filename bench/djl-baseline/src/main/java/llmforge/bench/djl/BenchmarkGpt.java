package llmforge.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-2 (pre-LayerNorm blocks, learned positions, tied embeddings, biases everywhere, tanh GELU, no dropout)
 * written with raw NDArray ops so that autograd runs inside libtorch: trained by the step benchmark, or run
 * without gradients through a {@link KvCache} by the generation benchmark.
 *
 * <p>Two DJL rules shape this code. (1) An op's result belongs to the manager of the array it is called on, so
 * every op is called on a per-step activation (never on a parameter, constant or cache buffer), which keeps all
 * step temporaries in the step's manager and frees them when it closes. (2) Ops taking a Java {@code Number} wrap
 * it in a tensor they free at once although autograd may still hold it; all scalars are therefore persistent
 * NDArrays created once here.
 */
final class BenchmarkGpt implements AutoCloseable {
    private static final float LN_EPS = 1e-5f;

    /** A trainable tensor with its HuggingFace-style name; {@code decay} follows nanoGPT's rule (2-D tensors). */
    record Param(String name, NDArray value, boolean decay) {}

    private final GptShape shape;
    private final boolean trainable;
    private final NDManager manager;
    private final List<Param> params = new ArrayList<>();
    private final NDArray wte, wpe, lnFW, lnFB;
    private final Layer[] layers;
    // Persistent constants (see rule 2 above).
    private final NDArray causalMask, attnScale, half, one, geluC, geluK;

    private record Layer(NDArray ln1W, NDArray ln1B, NDArray qkvW, NDArray qkvB, NDArray projW, NDArray projB,
                         NDArray ln2W, NDArray ln2B, NDArray fcW, NDArray fcB, NDArray fcProjW, NDArray fcProjB) {}

    /** GPT-2 init (std 0.02, residual projections 0.02/sqrt(2·layers)); {@code trainable}: record gradients. */
    BenchmarkGpt(NDManager manager, GptShape shape, boolean trainable) {
        this.manager = manager;
        this.shape = shape;
        this.trainable = trainable;
        int d = shape.dModel();
        float std = 0.02f, residualStd = (float) (0.02 / Math.sqrt(2.0 * shape.layers()));
        wte = normal("transformer.wte.weight", std, shape.vocab(), d);
        wpe = normal("transformer.wpe.weight", std, shape.context(), d);
        layers = new Layer[shape.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "transformer.h." + l + ".";
            layers[l] = new Layer(
                    ones(p + "ln_1.weight"), zeros(p + "ln_1.bias", d),
                    normal(p + "attn.c_attn.weight", std, 3 * d, d), zeros(p + "attn.c_attn.bias", 3 * d),
                    normal(p + "attn.c_proj.weight", residualStd, d, d), zeros(p + "attn.c_proj.bias", d),
                    ones(p + "ln_2.weight"), zeros(p + "ln_2.bias", d),
                    normal(p + "mlp.c_fc.weight", std, 4 * d, d), zeros(p + "mlp.c_fc.bias", 4 * d),
                    normal(p + "mlp.c_proj.weight", residualStd, d, 4 * d), zeros(p + "mlp.c_proj.bias", d));
        }
        lnFW = ones("transformer.ln_f.weight");
        lnFB = zeros("transformer.ln_f.bias", d);

        int block = shape.context();
        float[] mask = new float[block * block];
        for (int i = 0; i < block; i++) {
            for (int j = i + 1; j < block; j++) mask[i * block + j] = Float.NEGATIVE_INFINITY;
        }
        causalMask = manager.create(mask, new Shape(block, block));
        attnScale = manager.create((float) (1.0 / Math.sqrt(shape.headDim())));
        half = manager.create(0.5f);
        one = manager.create(1.0f);
        geluC = manager.create((float) Math.sqrt(2.0 / Math.PI));
        geluK = manager.create(0.044715f);
    }

    GptShape shape() { return shape; }

    List<Param> params() { return params; }

    /** Parameters counted by the FLOP formula: all but the position table (the tied wte counts once). */
    long flopParams() {
        return params.stream().filter(p -> p.value() != wpe).mapToLong(p -> p.value().size()).sum();
    }

    /**
     * Mean next-token cross-entropy over full-context sequences. inputs, targets: (B, T) int64, T = the context,
     * created in the step's manager.
     */
    NDArray loss(NDArray inputs, NDArray targets) {
        long b = inputs.getShape().get(0), t = inputs.getShape().get(1);
        if (t != shape.context()) throw new IllegalArgumentException("sequence length must be " + shape.context() + ", got " + t);
        // (B, T) -> (B, T, C): table gather plus the (T, C) position table broadcast over the batch.
        NDArray x = embed(inputs).add(wpe);
        for (Layer layer : layers) {
            NDList qkv = qkv(layerNorm(x, layer.ln1W, layer.ln1B), layer, b, t);
            x = x.add(attend(qkv.get(0), qkv.get(1), qkv.get(2), causalMask, layer, b, t));
            x = x.add(mlp(layerNorm(x, layer.ln2W, layer.ln2B), layer));
        }
        // (B, T, C) -> (B*T, V) through the tied output projection.
        NDArray logits = linear(layerNorm(x, lnFW, lnFB), wte, null).reshape(b * t, shape.vocab());
        NDArray picked = logits.logSoftmax(1).gather(targets.reshape(b * t, 1), 1);
        return picked.mean().neg();
    }

    /**
     * Inference through the cache: ids (B, T) int64 (in the step's manager) at the cache's next T positions; their
     * keys and values are appended and the logits of each row's last token returned, (B, V). No prompt padding:
     * every row is at the same position.
     */
    NDArray forwardCached(NDArray ids, KvCache cache) {
        long b = ids.getShape().get(0), t = ids.getShape().get(1);
        int start = cache.length(), end = start + (int) t;
        NDManager step = ids.getManager();
        NDArray x = embed(ids).add(wpe.get(step, new NDIndex().addSliceDim(start, end)));
        // A single new token may see every cached key; a longer chunk needs the causal rows [start, end).
        NDArray mask = t == 1 ? null : causalMask.get(step, new NDIndex().addSliceDim(start, end).addSliceDim(0, end));
        for (int l = 0; l < layers.length; l++) {
            // Each layer in its own manager, closed once its output has moved out: without autograd nothing needs
            // the intermediates, and a long prompt's (the tanh GELU alone leaves ten (B, T, 4C) arrays a layer)
            // would otherwise pile up in the step's manager until the whole forward ends.
            try (NDManager layerScope = step.newSubManager()) {
                x.attach(layerScope);
                Layer layer = layers[l];
                NDList qkv = qkv(layerNorm(x, layer.ln1W, layer.ln1B), layer, b, t);
                NDList kv = cache.extend(l, qkv.get(1), qkv.get(2));
                x = x.add(attend(qkv.get(0), kv.get(0), kv.get(1), mask, layer, b, t));
                x = x.add(mlp(layerNorm(x, layer.ln2W, layer.ln2B), layer));
                x.attach(step);
            }
        }
        cache.advance((int) t);
        NDArray last = t == 1 ? x : x.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
        return linear(layerNorm(last, lnFW, lnFB), wte, null).reshape(b, shape.vocab());
    }

    private NDArray embed(NDArray ids) {
        return single(ids.getNDArrayInternal().embedding(ids, wte, SparseFormat.DENSE));
    }

    // x: (B, T, C) -> q, k, v, each (B, H, T, D)
    private NDList qkv(NDArray x, Layer layer, long b, long t) {
        NDList qkv = linear(x, layer.qkvW, layer.qkvB).split(3, 2);
        return new NDList(heads(qkv.get(0), b, t), heads(qkv.get(1), b, t), heads(qkv.get(2), b, t));
    }

    // q (B, H, T, D) over keys and values (B, H, S, D), mask (T, S) or null -> (B, T, C) through c_proj
    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, Layer layer, long b, long t) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attnScale); // (B, H, T, S)
        NDArray att = (mask == null ? scores : scores.add(mask)).softmax(-1);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, shape.dModel());
        return linear(y, layer.projW, layer.projB);
    }

    // (B, T, C) -> (B, H, T, D)
    private NDArray heads(NDArray x, long b, long t) {
        return x.reshape(b, t, shape.heads(), shape.headDim()).transpose(0, 2, 1, 3);
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

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return single(x.getNDArrayInternal().layerNorm(x, new Shape(shape.dModel()), gamma, beta, LN_EPS));
    }

    // x: (..., in) with weight (out, in) -> (..., out), as torch.nn.functional.linear.
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return single(x.getNDArrayInternal().linear(x, weight, bias));
    }

    private static NDArray single(NDList list) { return list.singletonOrThrow(); }

    private NDArray normal(String name, float std, long... dims) {
        return register(name, manager.randomNormal(0f, std, new Shape(dims), DataType.FLOAT32), true);
    }

    private NDArray ones(String name) {
        return register(name, manager.ones(new Shape(shape.dModel())), false);
    }

    private NDArray zeros(String name, long size) {
        return register(name, manager.zeros(new Shape(size)), false);
    }

    private NDArray register(String name, NDArray value, boolean decay) {
        value.setName(name);
        if (trainable) value.setRequiresGradient(true);
        params.add(new Param(name, value, decay));
        return value;
    }

    @Override
    public void close() { manager.close(); }
}
