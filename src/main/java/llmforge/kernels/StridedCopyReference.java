package llmforge.kernels;

/** Scalar twin of {@link StridedCopy}: visits every element by its multi-index. */
public final class StridedCopyReference {
    private StridedCopyReference() {}

    public static void copy(double[] src, long srcOff, long[] srcStrides, int[] shape, double[] dst, long dstOff,
                            boolean accumulate) {
        long n = 1;
        for (int d : shape) n *= d;
        int[] idx = new int[shape.length];
        for (long i = 0; i < n; i++) {
            long s = srcOff;
            for (int d = 0; d < shape.length; d++) s += idx[d] * srcStrides[d];
            int o = (int) (dstOff + i);
            dst[o] = accumulate ? dst[o] + src[(int) s] : src[(int) s];
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
    }
}
