package llmforge.tokenizer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * BERT's text clean-up, as tokenizer.json's {@code BertNormalizer} with clean_text and handle_chinese_chars on:
 * control characters dropped, whitespace made a plain space, CJK ideographs spaced apart (so each is a word),
 * and with lower-casing also accents stripped (that library's default when strip_accents is unset).
 */
public record BertNormalizer(boolean lowercase) {
    public String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) return;
            if (c == '\t' || c == '\n' || c == '\r' || UnicodeClass.isWhiteSpace(c)) { sb.append(' '); return; }
            if (isCjk(c)) { sb.append(' ').appendCodePoint(c).append(' '); return; }
            sb.appendCodePoint(c);
        });
        String s = sb.toString();
        if (!lowercase) return s;
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(stripped::appendCodePoint);
        return stripped.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
