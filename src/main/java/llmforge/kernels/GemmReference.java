package llmforge.kernels;

/** Plain scalar twin of {@link Gemm} in double precision: the obviously correct triple loop. */
public final class GemmReference {
    private GemmReference() {}

    /** {@code C = [C +] op(A) · op(B)}, same layout conventions as {@link Gemm#sgemm}. */
    public static void sgemm(boolean transA, boolean transB, int M, int N, int K, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < K; k++) {
                    double x = transA ? a[aOff + k * lda + i] : a[aOff + i * lda + k];
                    double y = transB ? b[bOff + j * ldb + k] : b[bOff + k * ldb + j];
                    s += x * y;
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }

    /** Contiguous, untransposed convenience form: returns A (M×K) · B (K×N). */
    public static double[] matmul(double[] a, double[] b, int M, int N, int K) {
        double[] c = new double[M * N];
        sgemm(false, false, M, N, K, a, 0, K, b, 0, N, c, 0, N, false);
        return c;
    }
}
