package llmforge.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds special tokens in UTF-8 text, leftmost first and longest first at one position (as the HuggingFace
 * library's added-token matcher does), so a text can be cut into plain segments and special ids. Matching bytes
 * is the same as matching characters because UTF-8 never matches inside another character's bytes.
 */
final class SpecialTokenSplitter {
    /** Receives the text between special tokens, and the special tokens themselves. */
    interface Sink {
        void text(int start, int end);

        void special(int id);
    }

    private final byte[][] contents;
    private final int[] ids;

    SpecialTokenSplitter(List<SpecialToken> tokens) {
        contents = new byte[tokens.size()][];
        ids = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            contents[i] = tokens.get(i).content().getBytes(StandardCharsets.UTF_8);
            ids[i] = tokens.get(i).id();
        }
    }

    void split(byte[] text, Sink sink) {
        int pos = 0;
        while (pos < text.length) {
            int bestAt = text.length, best = -1;
            for (int k = 0; k < contents.length; k++) {
                int at = indexOf(text, contents[k], pos, bestAt);
                if (at >= 0 && (at < bestAt || (at == bestAt && contents[k].length > contents[best].length))) {
                    bestAt = at;
                    best = k;
                }
            }
            if (best < 0) break;
            if (bestAt > pos) sink.text(pos, bestAt);
            sink.special(ids[best]);
            pos = bestAt + contents[best].length;
        }
        if (pos < text.length) sink.text(pos, text.length);
    }

    /** The first index of {@code pat} in {@code text} starting in {@code [from, limit]}, or -1. */
    private static int indexOf(byte[] text, byte[] pat, int from, int limit) {
        if (pat.length == 0) return -1;
        int last = Math.min(limit, text.length - pat.length);
        outer:
        for (int i = from; i <= last; i++) {
            if (text[i] != pat[0]) continue;
            for (int k = 1; k < pat.length; k++) if (text[i + k] != pat[k]) continue outer;
            return i;
        }
        return -1;
    }
}
