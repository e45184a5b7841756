package llmforge.kernels;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/**
 * One fused AdamW step (decoupled weight decay, PyTorch {@code torch.optim.AdamW} semantics) over a flat run of
 * n floats: reads param, grad, m and v once and writes param, m and v back. Per element, with t the 1-based step:
 * <pre>
 *   p = p * (1 - lr * wd)
 *   m = b1 * m + (1 - b1) * g
 *   v = b2 * v + (1 - b2) * g * g
 *   p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)      // eps after the bias-corrected sqrt
 * </pre>
 * Chunks are fixed by n, elements are independent, so results are identical for any thread count.
 * Twin: {@link AdamWKernelReference}.
 */
public final class AdamWKernel {
    private AdamWKernel() {}

    /** The scalars of one step; {@code step} is 1-based (the count including this update). */
    public record Hyper(double lr, double beta1, double beta2, double eps, double weightDecay, long step) {
        public Hyper {
            if (step < 1) throw new IllegalArgumentException("AdamW step count starts at 1, got " + step);
        }

        /** Multiplier of the decoupled weight decay. */
        double decayFactor() { return 1 - lr * weightDecay; }

        /** lr / (1 - beta1^t): the bias correction of m folded into the step size. */
        double stepSize() { return lr / (1 - Math.pow(beta1, step)); }

        /** sqrt(1 - beta2^t): the bias correction of v, divided out of sqrt(v) before eps is added. */
        double bias2Sqrt() { return Math.sqrt(1 - Math.pow(beta2, step)); }
    }

    /** param, m, v: (n) updated in place from grad: (n). Offsets are in floats. */
    public static void update(MemorySegment param, long pOff, MemorySegment grad, long gOff, MemorySegment m,
                              long mOff, MemorySegment v, long vOff, long n, Hyper h) {
        // scalars derived in double (as PyTorch does in Python), then rounded once to float
        float decay = (float) h.decayFactor();
        float b1 = (float) h.beta1(), c1 = (float) (1 - h.beta1());
        float b2 = (float) h.beta2(), c2 = (float) (1 - h.beta2());
        float stepSize = (float) h.stepSize(), bias2Sqrt = (float) h.bias2Sqrt(), eps = (float) h.eps();
        Parallel.forRange(n, Elementwise.GRAIN, (from, to) -> range(param, pOff + from, grad, gOff + from,
                m, mOff + from, v, vOff + from, to - from, decay, b1, c1, b2, c2, stepSize, bias2Sqrt, eps));
    }

    private static void range(MemorySegment param, long pOff, MemorySegment grad, long gOff, MemorySegment m,
                              long mOff, MemorySegment v, long vOff, long n, float decay, float b1, float c1,
                              float b2, float c2, float stepSize, float bias2Sqrt, float eps) {
        long i = 0;
        long bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector vg = FloatVector.fromMemorySegment(S, grad, (gOff + i) * 4, NO);
            FloatVector vm = FloatVector.fromMemorySegment(S, m, (mOff + i) * 4, NO).mul(b1).add(vg.mul(c1));
            FloatVector vv = FloatVector.fromMemorySegment(S, v, (vOff + i) * 4, NO).mul(b2).add(vg.mul(vg).mul(c2));
            FloatVector denom = vv.sqrt().div(bias2Sqrt).add(eps);
            FloatVector vp = FloatVector.fromMemorySegment(S, param, (pOff + i) * 4, NO).mul(decay);
            vp = vp.sub(vm.div(denom).mul(stepSize));
            vm.intoMemorySegment(m, (mOff + i) * 4, NO);
            vv.intoMemorySegment(v, (vOff + i) * 4, NO);
            vp.intoMemorySegment(param, (pOff + i) * 4, NO);
        }
        for (; i < n; i++) {
            float g = grad.getAtIndex(F, gOff + i);
            float mi = m.getAtIndex(F, mOff + i) * b1 + g * c1;
            float vi = v.getAtIndex(F, vOff + i) * b2 + g * g * c2;
            float denom = (float) Math.sqrt(vi) / bias2Sqrt + eps;
            float p = param.getAtIndex(F, pOff + i) * decay;
            m.setAtIndex(F, mOff + i, mi);
            v.setAtIndex(F, vOff + i, vi);
            param.setAtIndex(F, pOff + i, p - mi / denom * stepSize);
        }
    }
}
