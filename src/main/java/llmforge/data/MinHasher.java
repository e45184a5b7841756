package llmforge.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a document into its shingle set and MinHash signature. Shingles are word n-grams (default 5) for
 * alphabetic text and character n-grams for CJK text, which has no spaces between words. Each shingle is hashed to
 * 64 bits; permutation i is the universal hash {@code (a_i * x + b_i) >>> 32}. Pure and thread-safe.
 */
public final class MinHasher {
    /** The sorted, distinct 32-bit shingle hashes (for exact Jaccard) and the signature. */
    public record Sketch(int[] shingles, int[] signature) {}

    private final DedupConfig cfg;
    private final long[] a, b;

    public MinHasher(DedupConfig cfg) {
        this.cfg = cfg;
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        a = new long[cfg.numPerm()];
        b = new long[cfg.numPerm()];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextLong() | 1L;   // odd, so the multiplication is a bijection on 64 bits
            b[i] = rnd.nextLong();
        }
    }

    public Sketch sketch(String text) {
        long[] hashes = shingleHashes(text);
        int[] sig = new int[a.length];
        Arrays.fill(sig, -1);
        for (long x : hashes) {
            for (int i = 0; i < sig.length; i++) {
                int v = (int) ((a[i] * x + b[i]) >>> 32);
                if (Integer.compareUnsigned(v, sig[i]) < 0) sig[i] = v;
            }
        }
        int[] set = new int[hashes.length];
        for (int i = 0; i < hashes.length; i++) set[i] = (int) (hashes[i] ^ (hashes[i] >>> 32));
        Arrays.sort(set);
        int n = 0;
        for (int i = 0; i < set.length; i++) if (i == 0 || set[i] != set[i - 1]) set[n++] = set[i];
        return new Sketch(Arrays.copyOf(set, n), sig);
    }

    /** Distinct 64-bit hashes of the document's shingles (at least one, even for a very short text). */
    long[] shingleHashes(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean cjk = Script.detect(text) == Script.CJK;
        long[] units = cjk ? cjkUnits(lower) : wordUnits(lower);
        int n = cjk ? cfg.cjkCharNgram() : cfg.wordNgram();
        if (units.length == 0) return new long[] {mix(0)};
        int count = Math.max(1, units.length - n + 1);
        long[] out = new long[count];
        for (int s = 0; s < count; s++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int k = s; k < Math.min(units.length, s + n); k++) h = mix(h ^ units[k]) + k - s;
            out[s] = h;
        }
        Arrays.sort(out);
        int m = 0;
        for (int i = 0; i < out.length; i++) if (i == 0 || out[i] != out[i - 1]) out[m++] = out[i];
        return Arrays.copyOf(out, m);
    }

    /** One hash per word (a maximal run of letters or digits). */
    private static long[] wordUnits(String s) {
        long[] buf = new long[16];
        int n = 0;
        long h = 0;
        boolean in = false;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                h = (in ? h : 0xCBF29CE484222325L) ^ c;
                h *= 0x100000001B3L;
                in = true;
            } else if (in) {
                if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
                buf[n++] = mix(h);
                in = false;
            }
        }
        return Arrays.copyOf(buf, n);
    }

    /** One unit per letter or digit, spaces and punctuation dropped. */
    private static long[] cjkUnits(String s) {
        return s.codePoints().filter(Character::isLetterOrDigit).mapToLong(cp -> mix(cp + 0x1234567L)).toArray();
    }

    /** A 64-bit finaliser (SplitMix64's) so that similar inputs get unrelated hashes. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Exact Jaccard similarity of two sorted distinct sets. */
    public static double jaccard(int[] x, int[] y) {
        int i = 0, j = 0, inter = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) { inter++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        int union = x.length + y.length - inter;
        return union == 0 ? 1.0 : (double) inter / union;
    }
}
