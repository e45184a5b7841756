package llmforge.tokenizer;

/**
 * Decodes one code point of UTF-8 at a time, straight from the bytes, so that pre-tokenizers can split any byte
 * string (valid UTF-8 or not) by byte offsets. A byte that does not start a well-formed sequence decodes as
 * {@link #INVALID} of length 1, which every pre-tokenizer treats as punctuation-like "other".
 */
final class Utf8 {
    /** Stands for a byte that is not part of well-formed UTF-8 (not a code point: above U+10FFFF). */
    static final int INVALID = 0x110000;

    private Utf8() {}

    /** The code point at {@code i} and its length in bytes, packed as {@code len << 24 | codePoint}. */
    static int decode(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) return 1 << 24 | b0;
        int len, cp, min;
        if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; min = 0x80; }
        else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; min = 0x800; }
        else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; min = 0x10000; }
        else return 1 << 24 | INVALID;
        if (i + len > end) return 1 << 24 | INVALID;
        for (int k = 1; k < len; k++) {
            int bk = b[i + k] & 0xFF;
            if ((bk & 0xC0) != 0x80) return 1 << 24 | INVALID;
            cp = cp << 6 | (bk & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 1 << 24 | INVALID;
        return len << 24 | cp;
    }

    static int codePoint(int packed) { return packed & 0xFFFFFF; }

    static int length(int packed) { return packed >>> 24; }
}
