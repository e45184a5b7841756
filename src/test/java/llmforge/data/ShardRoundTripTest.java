package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;

class ShardRoundTripTest {
    @TempDir Path dir;

    /** Documents written across several small shards read back as one stream, with their boundaries, in both widths. */
    @ParameterizedTest @ValueSource(ints = {257, 100_000})
    void windowsAcrossShardBordersCarryDocumentStarts(int vocab) throws IOException {
        int bytes = ShardWriter.bytesPerToken(vocab);
        assertEquals(vocab <= 65536 ? 2 : 4, bytes);
        int eot = vocab - 1;
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> docs = new ArrayList<>();
        List<Integer> stream = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        try (ShardWriter w = new ShardWriter(dir, "train", bytes, 1024, eot)) {
            for (int d = 0; d < 40; d++) {
                int[] t = new int[1 + r.nextInt(300)];
                for (int i = 0; i < t.length; i++) t[i] = r.nextInt(eot);
                docs.add(t);
                starts.add((long) stream.size());
                for (int x : t) stream.add(x);
                stream.add(eot);
                w.add(t, 0, t.length);
            }
            w.close();
            ObjectNode m = JsonNodeFactory.instance.objectNode().put("bytes_per_token", bytes).put("vocab_size", vocab).put("eot_id", eot);
            m.putObject("splits").set("train", w.manifest());
            AtomicFiles.writeString(dir.resolve("manifest.json"), m.toString());
        }
        try (ShardReader s = ShardReader.open(dir, "train")) {
            assertEquals(stream.size(), s.tokens());
            assertEquals(40, s.documents());
            assertEquals(vocab, s.vocabSize());
            for (int i = 0; i < 40; i++) assertEquals(starts.get(i), s.documentStart(i));
            for (long pos : new long[] {0, 1000, 1023, 1500, stream.size() - 700}) {
                ShardReader.Window win = s.window(pos, 700);
                for (int i = 0; i < 700; i++) assertEquals(stream.get((int) pos + i), win.tokens()[i], "token at " + (pos + i));
                int[] expected = starts.stream().filter(x -> x >= pos && x < pos + 700).mapToInt(x -> (int) (x - pos)).toArray();
                assertArrayEquals(expected, win.docStarts());
                assertEquals(stream.get((int) pos + 5), s.token(pos + 5));
            }
        }
        assertEquals(true, Files.list(dir).anyMatch(p -> p.getFileName().toString().equals("train-00002.bin")));
    }
}
