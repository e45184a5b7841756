package llmforge.kernels;

/**
 * Sizes of one attention call: q (batch, heads, queries, headDim), k and v (batch, kvHeads, keys, headDim).
 * {@code heads} must be a multiple of {@code kvHeads} (grouped-query attention: query head h reads kv head
 * h / (heads / kvHeads)).
 */
public record AttentionShape(int batch, int heads, int kvHeads, int queries, int keys, int headDim) {
    public AttentionShape {
        if (batch < 1 || heads < 1 || kvHeads < 1 || queries < 1 || keys < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention sizes must be positive: " + describe(batch, heads, kvHeads,
                    queries, keys, headDim));
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("query heads (" + heads + ") must be a multiple of kv heads ("
                    + kvHeads + ")");
        }
    }

    /** Query heads per kv head. */
    public int group() { return heads / kvHeads; }

    private static String describe(int b, int h, int hkv, int t, int s, int d) {
        return "B=" + b + " Hq=" + h + " Hkv=" + hkv + " T=" + t + " S=" + s + " D=" + d;
    }

    @Override public String toString() { return describe(batch, heads, kvHeads, queries, keys, headDim); }
}
