package llmforge.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Fixtures for the trainer tests: tiny packed shards, a tiny decoder, and a stage decorator for fault injection. */
final class TinyRun {
    static final int VOCAB = 48, EOT = 0;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private TinyRun() {}

    /** GPT-2 flavour with dropout, so resume must also reproduce the dropout masks. */
    static DecoderConfig model() { return new DecoderConfig("gpt2", VOCAB, 16, 32, 2, 4, 4, 64, true, 0.1f, 1e-5f, 10000, 1); }

    /** Writes train and val splits of short random-but-structured documents in the packed-shard format. */
    static Path shards(Path dir) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom r = new SplittableRandom(7);
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("bytes_per_token", 2).put("vocab_size", VOCAB).put("eot_id", EOT)
                .put("tokenizer", "bytes");
        ObjectNode splits = m.putObject("splits");
        for (String split : new String[] {"train", "val"}) {
            List<Integer> tokens = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            int docs = split.equals("train") ? 60 : 8;
            for (int d = 0; d < docs; d++) {
                starts.add((long) tokens.size());
                int len = 3 + r.nextInt(20), a = 1 + r.nextInt(VOCAB - 1);
                for (int i = 0; i < len; i++) tokens.add(1 + (a + i * 3) % (VOCAB - 1));   // learnable: arithmetic runs
                tokens.add(EOT);
            }
            ByteBuffer bin = ByteBuffer.allocate(tokens.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int t : tokens) bin.putShort((short) t);
            ByteBuffer idx = ByteBuffer.allocate(starts.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long s : starts) idx.putLong(s);
            Files.write(dir.resolve(split + ".bin"), bin.array());
            Files.write(dir.resolve(split + ".idx"), idx.array());
            ObjectNode s = splits.putObject(split).put("tokens", tokens.size()).put("documents", docs);
            s.putArray("shards").addObject().put("bin", split + ".bin").put("idx", split + ".idx").put("tokens", tokens.size());
        }
        Files.writeString(dir.resolve("manifest.json"), m.toString(), StandardOpenOption.CREATE);
        return dir;
    }

    static PretrainStage stage(Path shards, long initSeed, int batch, long runSeed) {
        Decoder d = new Decoder(model(), initSeed);
        return new PretrainStage(d, ShardReader.open(shards, "train"), ShardReader.open(shards, "val"),
                new TokenWindows(batch, 12, true), 64, runSeed, null, List.of(), 0, 0);
    }

    static TrainerConfig config(int steps, int microBatches, int checkpointEvery) {
        return new TrainerConfig(steps, microBatches, 3e-3, 2, "cosine", 0.1, 0.1, 0.9, 0.95, 1.0, 5, checkpointEvery,
                2, 11L, 3.0, false, 0.5, 3);
    }

    static List<float[]> weights(List<Parameter> params) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : params) w.add(p.value().toFloatArray());
        return w;
    }

    static List<float[]> grads(List<Parameter> params) {
        List<float[]> g = new ArrayList<>();
        for (Parameter p : params) {
            Tensor t = p.grad();
            g.add(t == null ? new float[(int) p.size()] : t.toFloatArray());
        }
        return g;
    }
}
