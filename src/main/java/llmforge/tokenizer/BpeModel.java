package llmforge.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-level BPE vocabulary: every token is a byte string, the 256 single bytes are always present (so nothing
 * is ever unknown), and the merges, in priority order, say which adjacent pair joins first. Encodes one
 * pre-tokenized piece at a time; frequent pieces are answered from a cache.
 */
public final class BpeModel {
    private static final int CACHE_LIMIT = 200_000;
    private static final int MAX_CACHED_PIECE = 64;

    private final byte[][] tokens;               // id -> bytes (null for ids held by added tokens only)
    private final Map<String, Integer> idOfBytes; // latin-1 view of the bytes -> id
    private final int[] byteIds = new int[256];
    private final List<int[]> merges;            // (left id, right id) in priority order
    private final LongLongHashMap mergeOf;       // pair -> rank << 32 | merged id
    private final boolean ignoreMerges;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param tokens       token bytes by id; a null entry is an id reserved for an added (special) token
     * @param merges       pairs of ids in priority order; each pair's concatenation must be a token
     * @param ignoreMerges tokenizer.json's {@code ignore_merges}: a piece that is itself a token is taken whole
     */
    public BpeModel(byte[][] tokens, List<int[]> merges, boolean ignoreMerges) {
        this.tokens = tokens;
        this.merges = List.copyOf(merges);
        this.ignoreMerges = ignoreMerges;
        this.idOfBytes = new HashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] == null) continue;
            Integer prev = idOfBytes.putIfAbsent(key(tokens[id], 0, tokens[id].length), id);
            if (prev != null) {
                throw new IllegalArgumentException("tokens " + prev + " and " + id + " are the same bytes '"
                        + ByteLevelAlphabet.encode(tokens[id]) + "'");
            }
        }
        for (int b = 0; b < 256; b++) {
            Integer id = idOfBytes.get(String.valueOf((char) b));
            if (id == null) {
                throw new IllegalArgumentException("the vocabulary lacks the single byte 0x" + Integer.toHexString(b)
                        + " ('" + ByteLevelAlphabet.charOf(b) + "'): byte-level BPE needs all 256");
            }
            byteIds[b] = id;
        }
        this.mergeOf = new LongLongHashMap(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            int[] m = merges.get(rank);
            byte[] joined = concat(tokens[m[0]], tokens[m[1]]);
            Integer id = idOfBytes.get(key(joined, 0, joined.length));
            if (id == null) {
                throw new IllegalArgumentException("merge " + rank + " ('" + ByteLevelAlphabet.encode(tokens[m[0]])
                        + "' + '" + ByteLevelAlphabet.encode(tokens[m[1]]) + "') makes a token not in the vocabulary");
            }
            long p = LongLongHashMap.pair(m[0], m[1]);
            if (mergeOf.get(p, -1) < 0) mergeOf.put(p, (long) rank << 32 | id);
        }
    }

    public int size() { return tokens.length; }

    /** The bytes of token {@code id}, or null where the id belongs to an added token only. */
    public byte[] bytes(int id) { return tokens[id]; }

    public List<int[]> merges() { return merges; }

    public boolean ignoreMerges() { return ignoreMerges; }

    /** The id of the token with exactly these bytes, or -1. */
    public int idOf(byte[] bytes) {
        Integer id = idOfBytes.get(key(bytes, 0, bytes.length));
        return id == null ? -1 : id;
    }

    /** Appends the ids of {@code text[start, end)} (one pre-tokenized piece) to {@code out}. */
    void encodePiece(byte[] text, int start, int end, IntList out) {
        int len = end - start;
        if (len == 1) { out.add(byteIds[text[start] & 0xFF]); return; }
        String key = len <= MAX_CACHED_PIECE ? key(text, start, len) : null;
        if (key != null) {
            int[] hit = cache.get(key);
            if (hit != null) { out.addAll(hit); return; }
        }
        if (ignoreMerges) {
            Integer whole = idOfBytes.get(key != null ? key : key(text, start, len));
            if (whole != null) { out.add(whole); return; }
        }
        int[] ids = merge(text, start, end);
        if (key != null && cache.size() < CACHE_LIMIT) cache.put(key, ids);
        out.addAll(ids);
    }

    /** Applies merges lowest rank first (leftmost first among equals) until none applies. */
    private int[] merge(byte[] text, int start, int end) {
        int n = end - start;
        int[] sym = new int[n];
        long[] rank = new long[n]; // rank << 32 | merged id of (sym[i], sym[i+1]); Long.MAX_VALUE when none
        for (int i = 0; i < n; i++) sym[i] = byteIds[text[start + i] & 0xFF];
        for (int i = 0; i + 1 < n; i++) rank[i] = mergeOf.get(LongLongHashMap.pair(sym[i], sym[i + 1]), Long.MAX_VALUE);
        while (n > 1) {
            int best = -1;
            long bestRank = Long.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                if ((rank[i] >>> 32) < (bestRank >>> 32)) { bestRank = rank[i]; best = i; }
            }
            if (best < 0) break;
            sym[best] = (int) bestRank;
            System.arraycopy(sym, best + 2, sym, best + 1, n - best - 2);
            System.arraycopy(rank, best + 2, rank, best + 1, n - best - 2);
            n--;
            if (best > 0) rank[best - 1] = mergeOf.get(LongLongHashMap.pair(sym[best - 1], sym[best]), Long.MAX_VALUE);
            if (best + 1 < n) rank[best] = mergeOf.get(LongLongHashMap.pair(sym[best], sym[best + 1]), Long.MAX_VALUE);
        }
        return Arrays.copyOf(sym, n);
    }

    /** A byte range as a latin-1 string: a compact, hashable key with one char per byte. */
    static String key(byte[] b, int start, int len) {
        return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
