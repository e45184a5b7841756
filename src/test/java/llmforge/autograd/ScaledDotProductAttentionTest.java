package llmforge.autograd;

import llmforge.Approx;
import llmforge.io.SafetensorsFile;
import llmforge.kernels.Attention;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.AttentionReference;
import llmforge.kernels.AttentionShape;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScaledDotProductAttentionTest {
    private static void gradCheck(String name, AttentionShape sh, AttentionMask mask) {
        float scale = Attention.defaultScale(sh.headDim());
        Tensor q = GradCheck.input(1, -1.5, 1.5, sh.batch(), sh.heads(), sh.queries(), sh.headDim());
        Tensor k = GradCheck.input(2, -1.5, 1.5, sh.batch(), sh.kvHeads(), sh.keys(), sh.headDim());
        Tensor v = GradCheck.input(3, -1, 1, sh.batch(), sh.kvHeads(), sh.keys(), sh.headDim());
        GradCheck.of(name, in -> ScaledDotProductAttention.attention(in[0], in[1], in[2], mask),
                        x -> AttentionReference.forward(sh, mask, scale, x[0], x[1], x[2]).out())
                .run(q, k, v);
    }

    @Test void gradCheckBidirectional() {
        gradCheck("bidirectional", new AttentionShape(2, 2, 2, 5, 5, 4), AttentionMask.BIDIRECTIONAL);
    }

    @Test void gradCheckCausal() {
        gradCheck("causal", new AttentionShape(2, 2, 2, 6, 6, 3), AttentionMask.CAUSAL);
    }

    @Test void gradCheckKeyPaddingWithAnEmptyBatchRow() {
        gradCheck("padding", new AttentionShape(3, 1, 1, 4, 5, 3),
                AttentionMask.BIDIRECTIONAL.withKeyLengths(5, 5, 2, 0));
    }

    @Test void gradCheckDocumentsWithCausalAndPadding() {
        int[] docs = {0, 0, 0, 1, 1, 2, 2, 0, 1, 1, 1, 1, 2, 3};
        gradCheck("documents", new AttentionShape(2, 2, 1, 7, 7, 4),
                AttentionMask.CAUSAL.withDocuments(docs).withKeyLengths(7, 7, 5));
    }

    @Test void gradCheckGroupedQueryKvCacheBlock() {
        gradCheck("gqa kv-cache", new AttentionShape(1, 4, 2, 3, 7, 5), AttentionMask.CAUSAL);
    }

    @Test void matchesPyTorchGolden() throws Exception {
        SafetensorsFile f = SafetensorsFile.open(Path.of("src/test/resources/golden/attention.safetensors"));
        String[] cases = {"causal", "padding", "causal_padding", "documents", "documents_bidirectional", "gqa", "kv_cache"};
        for (String c : cases) {
            Tensor q = f.tensor(c + ".q").requiresGrad(true), k = f.tensor(c + ".k").requiresGrad(true);
            Tensor v = f.tensor(c + ".v").requiresGrad(true);
            int s = k.dim(2);
            AttentionMask mask = f.ints(c + ".causal")[0] == 1 ? AttentionMask.CAUSAL : AttentionMask.BIDIRECTIONAL;
            if (f.has(c + ".lengths")) mask = mask.withKeyLengths(s, f.ints(c + ".lengths"));
            if (f.has(c + ".doc_ids")) mask = mask.withDocuments(f.ints(c + ".doc_ids"));
            try (Tape tape = Tape.open()) {
                Tensor out = ScaledDotProductAttention.attention(q, k, v, mask);
                tape.backward(out, f.tensor(c + ".grad_out"));
                close(c + " out", f.tensor(c + ".out"), out);
                close(c + " dq", f.tensor(c + ".dq"), q.grad());
                close(c + " dk", f.tensor(c + ".dk"), k.grad());
                close(c + " dv", f.tensor(c + ".dv"), v.grad());
            }
        }
    }

    /** 1e-4 relative, with an absolute floor of 1e-5 of the tensor's largest magnitude for near-zero entries. */
    private static void close(String what, Tensor expected, Tensor actual) {
        double[] e = expected.toDoubleArray();
        double max = 0;
        for (double x : e) max = Math.max(max, Math.abs(x));
        Approx.assertClose(what, e, actual.toDoubleArray(), 1e-4, 1e-5 * max);
    }

    @Test void sequenceMajorLayoutMatchesHeadMajor() {
        int b = 2, h = 4, hkv = 2, t = 9, d = 6;
        Tensor q = GradCheck.input(4, -1, 1, b, h, t, d), k = GradCheck.input(5, -1, 1, b, hkv, t, d);
        Tensor v = GradCheck.input(6, -1, 1, b, hkv, t, d);
        Tensor qs = permute(q).requiresGrad(true), ks = permute(k).requiresGrad(true), vs = permute(v).requiresGrad(true);
        float[] g = Approx.random(9, b * h * t * d, -1, 1);
        float[] a, dq, dk, dv;
        try (Tape tape = Tape.open()) {
            Tensor out = ScaledDotProductAttention.attention(q, k, v, AttentionMask.CAUSAL);
            tape.backward(out, Tensor.of(g, out.shape()));
            a = permute(out).toFloatArray();
            dq = permute(q.grad()).toFloatArray();
            dk = permute(k.grad()).toFloatArray();
            dv = permute(v.grad()).toFloatArray();
        }
        try (Tape tape = Tape.open()) {
            Tensor out = ScaledDotProductAttention.attention(qs, ks, vs, AttentionMask.CAUSAL, Attention.defaultScale(d),
                    ScaledDotProductAttention.Layout.BTHD);
            tape.backward(out, permute(Tensor.of(g, b, h, t, d)));
            Approx.assertBitsEqual("out", a, out.toFloatArray());
            Approx.assertBitsEqual("dq", dq, qs.grad().toFloatArray());
            Approx.assertBitsEqual("dk", dk, ks.grad().toFloatArray());
            Approx.assertBitsEqual("dv", dv, vs.grad().toFloatArray());
        }
    }

    /** (B, X, Y, D) -> (B, Y, X, D) as a new contiguous tensor. */
    private static Tensor permute(Tensor x) {
        int b = x.dim(0), p = x.dim(1), r = x.dim(2), d = x.dim(3);
        float[] src = x.toFloatArray(), dst = new float[src.length];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < p; j++)
                for (int l = 0; l < r; l++)
                    System.arraycopy(src, ((i * p + j) * r + l) * d, dst, ((i * r + l) * p + j) * d, d);
        return Tensor.persistent(b, r, p, d).copyFrom(dst);
    }

    @Test void gradientsAccumulateAndOnlyWantedInputsGetOne() {
        Tensor q = GradCheck.input(1, -1, 1, 1, 2, 4, 8), k = GradCheck.input(2, -1, 1, 1, 2, 4, 8);
        Tensor v = Tensor.persistent(1, 2, 4, 8).copyFrom(Approx.random(3, 64, -1, 1));
        float[] once;
        try (Tape tape = Tape.open()) {
            tape.backward(ScaledDotProductAttention.attention(q, k, v, AttentionMask.CAUSAL), Tensor.of(Approx.random(4, 64, -1, 1), 1, 2, 4, 8));
            once = q.grad().toFloatArray();
            tape.backward(ScaledDotProductAttention.attention(q, k, v, AttentionMask.CAUSAL), Tensor.of(Approx.random(4, 64, -1, 1), 1, 2, 4, 8));
            float[] twice = q.grad().toFloatArray();
            for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-6f * Math.max(1, Math.abs(twice[i])));
            assertEquals(null, v.grad());
        }
        try (var off = Grad.off(); Tape tape = Tape.open()) {
            assertFalse(ScaledDotProductAttention.attention(q, k, v, AttentionMask.CAUSAL).requiresGrad());
        }
    }

    @Test void badShapesNameTheTensors() {
        Tensor q = Tensor.persistent(1, 3, 4, 8), k = Tensor.persistent(1, 2, 4, 8);
        var e = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.attention(q, k, k, AttentionMask.CAUSAL));
        assertEquals(true, e.getMessage().contains("multiple of kv heads"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.attention(q, Tensor.persistent(1, 3, 4, 7), Tensor.persistent(1, 3, 4, 7), AttentionMask.CAUSAL));
    }
}
