package llmforge.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;

/**
 * Writes one split as a series of shards: {@code <split>-NNNNN.bin} holds little-endian tokens (2 bytes each when
 * the vocabulary fits in uint16, else 4), every document followed by end-of-text; {@code <split>-NNNNN.idx} holds the
 * int64 positions, within the shard, where documents start. A document may run on into the next shard. Shards are
 * written into a folder that the caller publishes (renames) only when everything is written.
 */
final class ShardWriter implements AutoCloseable {
    private final Path dir;
    private final String split;
    private final int bytesPerToken;
    private final long shardTokens;
    private final int eot;
    private final ArrayNode shards = JsonNodeFactory.instance.arrayNode();
    private FileChannel channel;
    private OutputStream out;
    private final ByteBuffer buf;
    private final List<Long> starts = new ArrayList<>();
    private long inShard, total, documents;
    private int shardNo = -1;

    ShardWriter(Path dir, String split, int bytesPerToken, long shardTokens, int eot) {
        this.dir = dir;
        this.split = split;
        this.bytesPerToken = bytesPerToken;
        this.shardTokens = shardTokens;
        this.eot = eot;
        this.buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int bytesPerToken(int vocabSize) { return vocabSize <= 65536 ? 2 : 4; }

    /** Appends one document and its end-of-text token. */
    void add(int[] tokens, int from, int length) throws IOException {
        if (channel == null || inShard >= shardTokens) nextShard();
        starts.add(inShard);
        documents++;
        for (int i = from; i < from + length; i++) put(tokens[i]);
        put(eot);
    }

    private void put(int token) throws IOException {
        if (inShard >= shardTokens) nextShard();
        if (buf.remaining() < 4) flushBuffer();
        if (bytesPerToken == 2) buf.putShort((short) token);
        else buf.putInt(token);
        inShard++;
        total++;
    }

    private void flushBuffer() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private void nextShard() throws IOException {
        finishShard();
        shardNo++;
        channel = FileChannel.open(dir.resolve(name(".bin")), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = Channels.newOutputStream(channel);
        inShard = 0;
    }

    private String name(String ext) { return String.format(java.util.Locale.ROOT, "%s-%05d%s", split, shardNo, ext); }

    private void finishShard() throws IOException {
        if (channel == null) return;
        flushBuffer();
        channel.force(true);
        channel.close();
        channel = null;
        List<Long> s = List.copyOf(starts);
        AtomicFiles.write(dir.resolve(name(".idx")), o -> {
            ByteBuffer b = ByteBuffer.allocate(8 * s.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : s) b.putLong(x);
            o.write(b.array());
        });
        shards.addObject().put("bin", name(".bin")).put("idx", name(".idx")).put("tokens", inShard).put("documents", s.size());
        starts.clear();
    }

    @Override public void close() throws IOException { finishShard(); }

    /** The split's manifest entry (call after {@link #close()}). */
    ObjectNode manifest() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("tokens", total).put("documents", documents);
        o.set("shards", shards);
        return o;
    }
}
