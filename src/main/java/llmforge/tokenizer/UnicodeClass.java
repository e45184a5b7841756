package llmforge.tokenizer;

/**
 * The character classes the split regexes use, with the regex meaning: {@code \s} is the Unicode White_Space
 * property (as in Rust's and Oniguruma's regex, and Java's with UNICODE_CHARACTER_CLASS), {@code \p{L}} letters,
 * {@code \p{N}} numbers; anything else (and an invalid byte) is "other".
 */
final class UnicodeClass {
    static final byte WHITESPACE = 0, LETTER = 1, NUMBER = 2, OTHER = 3;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) ASCII[c] = slowClassOf(c);
    }

    private UnicodeClass() {}

    static byte of(int cp) {
        return cp < 128 ? ASCII[cp] : slowClassOf(cp);
    }

    private static byte slowClassOf(int cp) {
        if (cp == Utf8.INVALID) return OTHER;
        if (isWhiteSpace(cp)) return WHITESPACE;
        if (Character.isLetter(cp)) return LETTER;
        int t = Character.getType(cp);
        if (t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER) {
            return NUMBER;
        }
        return OTHER;
    }

    /** Unicode White_Space (Java's {@code Character.isWhitespace} differs: it leaves out no-break spaces). */
    static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
