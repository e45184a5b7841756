package llmforge.tokenizer;

import static llmforge.tokenizer.UnicodeClass.OTHER;
import static llmforge.tokenizer.UnicodeClass.WHITESPACE;

/**
 * GPT-2's split, {@value #PATTERN}, written out by hand because java.util.regex runs it several times slower.
 * The tests check it against the regex itself on random text. Reading the alternatives left to right: a
 * contraction; else a run of letters, of numbers or of "other" characters, each taking one optional leading space;
 * else whitespace, where a run followed by text leaves its last character to start the next piece.
 */
public final class Gpt2PreTokenizer implements PreTokenizer {
    public static final String PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    static final Gpt2PreTokenizer INSTANCE = new Gpt2PreTokenizer();

    private Gpt2PreTokenizer() {}

    @Override public void split(byte[] t, int start, int end, PieceSink sink) {
        int i = start;
        while (i < end) {
            int d = Utf8.decode(t, i, end);
            int c = Utf8.codePoint(d);
            int cls = UnicodeClass.of(c);
            if (c == '\'') {
                int n = contractionLength(t, i + 1, end);
                if (n > 0) {
                    sink.piece(i, i + 1 + n);
                    i += 1 + n;
                    continue;
                }
            }
            int runStart = i + Utf8.length(d);
            if (c == ' ' && runStart < end) {
                int next = UnicodeClass.of(Utf8.codePoint(Utf8.decode(t, runStart, end)));
                if (next != WHITESPACE) cls = next;
            }
            if (cls != WHITESPACE) {
                int j = runEnd(t, runStart, end, cls);
                sink.piece(i, j);
                i = j;
                continue;
            }
            // whitespace: find the run and where its last character starts
            int j = i, last = i;
            while (j < end) {
                int dj = Utf8.decode(t, j, end);
                if (UnicodeClass.of(Utf8.codePoint(dj)) != WHITESPACE) break;
                last = j;
                j += Utf8.length(dj);
            }
            if (j == end) {
                sink.piece(i, j);
                i = j;
            } else if (last > i) {
                sink.piece(i, last);     // \s+(?!\S): all but the last whitespace character
                i = last;                // the last one is handled next (a space joins the following text)
            } else {
                sink.piece(i, j);        // a single non-space whitespace character before text: \s+
                i = j;
            }
        }
    }

    /** The length after the apostrophe of {@code s t re ve m ll d}, or 0. */
    private static int contractionLength(byte[] t, int i, int end) {
        if (i >= end) return 0;
        byte a = t[i];
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 1;
        if (i + 1 >= end) return 0;
        byte b = t[i + 1];
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 2;
        return 0;
    }

    /** The end of the run of class {@code cls} (letters, numbers, or other) that starts at {@code i}. */
    private static int runEnd(byte[] t, int i, int end, int cls) {
        while (i < end) {
            int b = t[i];
            int d = b >= 0 ? 1 << 24 | b : Utf8.decode(t, i, end);
            int k = UnicodeClass.of(Utf8.codePoint(d));
            if (cls == OTHER ? k != OTHER : k != cls) break;
            i += Utf8.length(d);
        }
        return i;
    }

}
