package llmforge.kernels;

/** Scalar double twin of {@link Embedding}. */
public final class EmbeddingReference {
    private EmbeddingReference() {}

    public static double[] forward(double[] table, int c, int[] ids) {
        double[] out = new double[ids.length * c];
        for (int i = 0; i < ids.length; i++) System.arraycopy(table, ids[i] * c, out, i * c, c);
        return out;
    }

    public static void backward(double[] dout, int[] ids, int c, double[] dtable) {
        for (int i = 0; i < ids.length; i++) for (int j = 0; j < c; j++) dtable[ids[i] * c + j] += dout[i * c + j];
    }
}
