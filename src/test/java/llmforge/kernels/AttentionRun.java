package llmforge.kernels;

import llmforge.Approx;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One attention problem with random inputs, run through the fast kernels (forward + backward) on native buffers. */
final class AttentionRun {
    final AttentionShape sh;
    final AttentionMask mask;
    final float scale;
    final float[] q, k, v, dOut;
    float[] out, lse, dq, dk, dv;

    AttentionRun(AttentionShape sh, AttentionMask mask, long seed) {
        this.sh = sh;
        this.mask = mask;
        this.scale = Attention.defaultScale(sh.headDim());
        int d = sh.headDim();
        q = Approx.random(seed, sh.batch() * sh.heads() * sh.queries() * d, -2, 2);
        k = Approx.random(seed + 1, sh.batch() * sh.kvHeads() * sh.keys() * d, -2, 2);
        v = Approx.random(seed + 2, sh.batch() * sh.kvHeads() * sh.keys() * d, -1, 1);
        dOut = Approx.random(seed + 3, q.length, -1, 1);
    }

    /** Runs forward and backward with contiguous (B, H, T, D) buffers, or (B, T, H, D) when {@code seqMajor}. */
    AttentionRun run(boolean seqMajor) {
        int t = sh.queries(), s = sh.keys(), d = sh.headDim();
        MemorySegment qs = seg(permute(q, sh.heads(), t, d, seqMajor)), ks = seg(permute(k, sh.kvHeads(), s, d, seqMajor));
        MemorySegment vs = seg(permute(v, sh.kvHeads(), s, d, seqMajor)), gs = seg(permute(dOut, sh.heads(), t, d, seqMajor));
        MemorySegment os = seg(new float[q.length]), ls = seg(new float[sh.batch() * sh.heads() * t]);
        MemorySegment dqs = seg(new float[q.length]), dks = seg(new float[k.length]), dvs = seg(new float[v.length]);
        MemorySegment delta = seg(new float[sh.batch() * sh.heads() * t]);
        Attention.forward(sh, mask, scale, view(qs, sh.heads(), t, seqMajor), view(ks, sh.kvHeads(), s, seqMajor),
                view(vs, sh.kvHeads(), s, seqMajor), view(os, sh.heads(), t, seqMajor), ls, 0);
        Attention.backward(sh, mask, scale, view(qs, sh.heads(), t, seqMajor), view(ks, sh.kvHeads(), s, seqMajor),
                view(vs, sh.kvHeads(), s, seqMajor), view(os, sh.heads(), t, seqMajor), ls, 0,
                view(gs, sh.heads(), t, seqMajor), view(dqs, sh.heads(), t, seqMajor),
                view(dks, sh.kvHeads(), s, seqMajor), view(dvs, sh.kvHeads(), s, seqMajor), delta, 0);
        out = unpermute(floats(os), sh.heads(), t, d, seqMajor);
        lse = floats(ls);
        dq = unpermute(floats(dqs), sh.heads(), t, d, seqMajor);
        dk = unpermute(floats(dks), sh.kvHeads(), s, d, seqMajor);
        dv = unpermute(floats(dvs), sh.kvHeads(), s, d, seqMajor);
        return this;
    }

    private HeadsView view(MemorySegment seg, int heads, int positions, boolean seqMajor) {
        return seqMajor ? HeadsView.bthd(seg, 0, heads, positions, sh.headDim())
                : HeadsView.bhtd(seg, 0, heads, positions, sh.headDim());
    }

    /** (B, H, P, D) -> (B, P, H, D) when seqMajor. */
    private float[] permute(float[] x, int heads, int positions, int d, boolean seqMajor) {
        if (!seqMajor) return x;
        float[] y = new float[x.length];
        for (int b = 0; b < sh.batch(); b++)
            for (int h = 0; h < heads; h++)
                for (int p = 0; p < positions; p++)
                    System.arraycopy(x, ((b * heads + h) * positions + p) * d, y, ((b * positions + p) * heads + h) * d, d);
        return y;
    }

    private float[] unpermute(float[] y, int heads, int positions, int d, boolean seqMajor) {
        if (!seqMajor) return y;
        float[] x = new float[y.length];
        for (int b = 0; b < sh.batch(); b++)
            for (int h = 0; h < heads; h++)
                for (int p = 0; p < positions; p++)
                    System.arraycopy(y, ((b * positions + p) * heads + h) * d, x, ((b * heads + h) * positions + p) * d, d);
        return x;
    }

    static MemorySegment seg(float[] x) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(1, x.length) * 4L, 64);
        MemorySegment.copy(x, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, x.length);
        return s;
    }

    static float[] floats(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    /** Random contiguous document runs (ids 0, 1, 2, ... per row) for every batch row. */
    static int[] randomDocuments(long seed, int batch, int positions, int meanLength) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] ids = new int[batch * positions];
        for (int b = 0; b < batch; b++) {
            int doc = 0;
            for (int p = 0; p < positions; p++) {
                if (p > 0 && r.nextInt(meanLength) == 0) doc++;
                ids[b * positions + p] = doc;
            }
        }
        return ids;
    }
}
