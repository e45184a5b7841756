package llmforge.data;

import java.nio.charset.StandardCharsets;

/** The fallback tokenizer: every UTF-8 byte is its own id (0..255) and end-of-text is 256. */
public final class ByteEncoder implements TokenEncoder {
    public static final int EOT = 256;

    @Override public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = bytes[i] & 0xFF;
        return ids;
    }

    @Override public int eotId() { return EOT; }

    @Override public int vocabSize() { return 257; }

    /** Inverse of {@link #encode}; end-of-text ids are dropped. */
    public String decode(int[] ids, int from, int to) {
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) if (ids[i] != EOT) bytes[n++] = (byte) ids[i];
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
