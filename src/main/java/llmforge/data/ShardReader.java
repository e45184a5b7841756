package llmforge.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;

import llmforge.io.UserException;

/**
 * Reads one split of packed shards through memory maps, as one long token sequence: a training loop asks for a
 * window of tokens at a global position and gets the positions inside it where documents begin, so it can keep
 * attention from crossing documents. Thread-safe for reading; {@link #close()} unmaps everything.
 */
public final class ShardReader implements AutoCloseable {
    /** {@code tokens[i]} is the token at global position {@code start + i}; {@code docStarts} are offsets into {@code tokens}. */
    public record Window(long start, int[] tokens, int[] docStarts) {}

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] shards;
    private final long[] shardStart;   // global position of each shard's first token; last entry = total
    private final long[] docStarts;    // global, ascending
    private final int bytesPerToken, vocabSize, eotId;

    private ShardReader(Path dir, String split) throws IOException {
        JsonNode manifest = DocumentFiles.JSON.readTree(dir.resolve("manifest.json").toFile());
        bytesPerToken = manifest.get("bytes_per_token").asInt();
        vocabSize = manifest.get("vocab_size").asInt();
        eotId = manifest.get("eot_id").asInt();
        JsonNode s = manifest.path("splits").get(split);
        if (s == null) throw new UserException(dir + "/manifest.json has no split '" + split + "'");
        JsonNode list = s.get("shards");
        shards = new MemorySegment[list.size()];
        shardStart = new long[list.size() + 1];
        long[] starts = new long[Math.toIntExact(s.get("documents").asLong())];
        int nDocs = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonNode sh = list.get(i);
            long tokens = sh.get("tokens").asLong();
            Path bin = dir.resolve(sh.get("bin").asText());
            try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
                if (ch.size() != tokens * bytesPerToken)
                    throw new UserException(bin + ": expected " + tokens * bytesPerToken + " bytes, found " + ch.size());
                shards[i] = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            shardStart[i + 1] = shardStart[i] + tokens;
            try (FileChannel ch = FileChannel.open(dir.resolve(sh.get("idx").asText()), StandardOpenOption.READ)) {
                MemorySegment idx = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                for (long off = 0; off < idx.byteSize(); off += 8)
                    starts[nDocs++] = shardStart[i] + idx.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), off);
            }
        }
        if (nDocs != starts.length) throw new UserException(dir + ": index files list " + nDocs + " documents, manifest says " + starts.length);
        docStarts = starts;
    }

    /** Opens split {@code split} ("train" or "val") of the shards in {@code dir}. */
    public static ShardReader open(Path dir, String split) {
        if (!Files.isRegularFile(dir.resolve("manifest.json")))
            throw new UserException(dir + " holds no packed shards (manifest.json missing)");
        try {
            return new ShardReader(dir, split);
        } catch (IOException e) {
            throw new UserException("cannot read shards in " + dir + ": " + e.getMessage());
        }
    }

    public long tokens() { return shardStart[shardStart.length - 1]; }

    public int documents() { return docStarts.length; }

    public int vocabSize() { return vocabSize; }

    public int eotId() { return eotId; }

    /** Global position where document {@code i} starts. */
    public long documentStart(int i) { return docStarts[i]; }

    public int token(long pos) {
        int s = shardOf(pos);
        long off = (pos - shardStart[s]) * bytesPerToken;
        return bytesPerToken == 2 ? shards[s].get(U16, off) & 0xFFFF : shards[s].get(U32, off);
    }

    /** Copies {@code len} tokens starting at global {@code pos} into {@code dst[off..]}, across shard borders. */
    public void read(long pos, int[] dst, int off, int len) {
        if (pos < 0 || pos + len > tokens())
            throw new IndexOutOfBoundsException("window [" + pos + ", " + (pos + len) + ") outside [0, " + tokens() + ")");
        int s = len == 0 ? 0 : shardOf(pos);
        for (int i = 0; i < len; ) {
            long local = pos + i - shardStart[s];
            int n = (int) Math.min(len - i, shardStart[s + 1] - (pos + i));
            MemorySegment seg = shards[s];
            if (bytesPerToken == 2) for (int k = 0; k < n; k++) dst[off + i + k] = seg.get(U16, (local + k) * 2) & 0xFFFF;
            else MemorySegment.copy(seg, U32, local * 4, dst, off + i, n);
            i += n;
            s++;
        }
    }

    /** The tokens of {@code [pos, pos + len)} and the offsets inside them where documents begin. */
    public Window window(long pos, int len) {
        int[] tokens = new int[len];
        read(pos, tokens, 0, len);
        int lo = lowerBound(pos), hi = lowerBound(pos + len);
        int[] starts = new int[hi - lo];
        for (int i = lo; i < hi; i++) starts[i - lo] = (int) (docStarts[i] - pos);
        return new Window(pos, tokens, starts);
    }

    private int lowerBound(long pos) {
        int i = Arrays.binarySearch(docStarts, pos);
        if (i < 0) return -i - 1;
        while (i > 0 && docStarts[i - 1] == pos) i--;
        return i;
    }

    private int shardOf(long pos) {
        int i = Arrays.binarySearch(shardStart, pos);
        int s = i >= 0 ? i : -i - 2;
        while (s < shards.length - 1 && shardStart[s + 1] == pos) s++;   // skip empty shards
        return s;
    }

    @Override public void close() { arena.close(); }
}
