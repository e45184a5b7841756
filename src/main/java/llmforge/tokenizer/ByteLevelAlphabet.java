package llmforge.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-character map, used by the HuggingFace ByteLevel pre-tokenizer and decoder: printable
 * bytes map to themselves, the others to code points from U+0100 upward. tokenizer.json stores BPE tokens in this
 * form (a leading space shows as {@code Ġ}); inside llmforge tokens are plain byte strings.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {}

    public static char charOf(int b) { return BYTE_TO_CHAR[b & 0xFF]; }

    /** The byte-level string of raw bytes, e.g. {@code " the"} becomes {@code "Ġthe"}. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }

    /**
     * The raw bytes of a byte-level string. Characters outside the alphabet (as in hand-added tokens) stand for
     * their own UTF-8 bytes, which is what the ByteLevel decoder does with them too.
     */
    public static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < CHAR_TO_BYTE.length && CHAR_TO_BYTE[cp] >= 0) {
                out.write(CHAR_TO_BYTE[cp]);
            } else {
                out.writeBytes(s.substring(i, i + n).getBytes(StandardCharsets.UTF_8));
            }
            i += n;
        }
        return out.toByteArray();
    }
}
