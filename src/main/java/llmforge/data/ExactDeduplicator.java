package llmforge.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Drops exact duplicates: documents whose text is the same once case and whitespace are ignored. Keys are 128 bits of
 * SHA-256, so a collision between different texts is not a practical concern. The first document seen is kept.
 */
public final class ExactDeduplicator {
    /** 128 bits of a document's content hash. */
    public record Key(long hi, long lo) {}

    private final Map<Key, Integer> firstIndex = new HashMap<>();
    private int seen;

    /** The content key; pure, so callers may compute it on worker threads. */
    public static Key key(String text) {
        String canonical = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return new Key(java.nio.ByteBuffer.wrap(d, 0, 8).getLong(), java.nio.ByteBuffer.wrap(d, 8, 8).getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Registers the next document; returns -1 if it is new, else the index of the earlier document it repeats. */
    public int add(Key key) {
        Integer prev = firstIndex.putIfAbsent(key, seen++);
        return prev == null ? -1 : prev;
    }
}
