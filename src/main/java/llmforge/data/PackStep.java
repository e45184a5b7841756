package llmforge.data;

import llmforge.io.FileTrees;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;

/**
 * Step 3: tokenise the deduplicated documents, hold out a validation split by document, mix the training documents
 * to the target domain shares and pack both splits into shards ({@link ShardWriter}). Tokens go through a temporary
 * file first so memory holds only a few numbers per document. The shard folder appears complete or not at all.
 */
public final class PackStep {
    private final DataConfig cfg;

    public PackStep(DataConfig cfg) { this.cfg = cfg; }

    public ObjectNode run(Path input, Path shardDir) throws IOException {
        TokenEncoder encoder = TokenEncoders.forConfig(cfg.tokenizer());
        Path tmp = shardDir.resolveSibling(shardDir.getFileName() + ".tokens.tmp");
        List<Long> offsets = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        List<Boolean> val = new ArrayList<>();
        long docs = DocumentFiles.countLines(input);
        try (var reader = new DocumentFiles.Reader(input);
             var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
             var bar = new ProgressBar("pack: tokenise", docs, "docs")) {
            long[] pos = {0};
            OrderedParallelMap.run(reader, cfg.threads(), d -> new Object[] {d, encoder.encode(d.text())}, r -> {
                Document d = (Document) r[0];
                int[] ids = (int[]) r[1];
                offsets.add(pos[0]);
                lengths.add(ids.length);
                domains.add(d.domain());
                val.add(isValidation(d.source()));
                try {
                    for (int id : ids) out.writeInt(id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pos[0] += ids.length;
                bar.step(1);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            return pack(encoder, tmp, shardDir, offsets, lengths, domains, val);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Validation membership is a pure function of the document's file name, its place in the file and the seed:
     * stable across reruns and wherever the data lies (the folders are left out: a checkout elsewhere, or another
     * machine, must get the same split).
     */
    private boolean isValidation(String source) {
        String where = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        long h = MinHasher.mix(where.hashCode() ^ MinHasher.mix(cfg.seed()));
        return (h >>> 11) * 0x1.0p-53 < cfg.valFraction();
    }

    private ObjectNode pack(TokenEncoder encoder, Path tmp, Path shardDir, List<Long> offsets, List<Integer> lengths,
                            List<String> domains, List<Boolean> val) throws IOException {
        int n = offsets.size();
        int[] withEot = new int[n];
        Map<String, List<Integer>> trainByDomain = new TreeMap<>();
        Map<String, Long> available = new TreeMap<>();
        List<Integer> valDocs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            withEot[i] = lengths.get(i) + 1;
            if (val.get(i)) { valDocs.add(i); continue; }
            trainByDomain.computeIfAbsent(domains.get(i), k -> new ArrayList<>()).add(i);
            available.merge(domains.get(i), (long) withEot[i], Long::sum);
        }
        Map<String, Double> factors = DomainMixer.factors(available, cfg.mix(), cfg.maxEpochs(), cfg.totalTokens());
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        List<Integer> train = new ArrayList<>();
        Map<String, Long> mixed = new LinkedHashMap<>();
        for (var e : factors.entrySet()) {
            List<Integer> chosen = DomainMixer.select(trainByDomain.get(e.getKey()), withEot, e.getValue(), rnd.split());
            long tokens = 0;
            for (int d : chosen) tokens += withEot[d];
            mixed.put(e.getKey(), tokens);
            train.addAll(chosen);
        }
        DomainMixer.shuffle(train, rnd.split());

        int bytesPerToken = ShardWriter.bytesPerToken(encoder.vocabSize());
        Path partial = shardDir.resolveSibling(shardDir.getFileName() + ".partial");
        FileTrees.delete(partial);
        Files.createDirectories(partial);
        ObjectNode manifest = JsonNodeFactory.instance.objectNode()
                .put("format", "llmforge-shards").put("version", 1)
                .put("dtype", bytesPerToken == 2 ? "uint16" : "uint32").put("bytes_per_token", bytesPerToken)
                .put("vocab_size", encoder.vocabSize()).put("eot_id", encoder.eotId())
                .put("tokenizer", TokenEncoders.describe(cfg.tokenizer()));
        ObjectNode splits = manifest.putObject("splits");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment store = ch.size() == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            splits.set("train", writeSplit(partial, "train", train, store, offsets, lengths, bytesPerToken, encoder.eotId()));
            splits.set("val", writeSplit(partial, "val", valDocs, store, offsets, lengths, bytesPerToken, encoder.eotId()));
        }
        AtomicFiles.writeString(partial.resolve("manifest.json"),
                DocumentFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        FileTrees.delete(shardDir);
        Files.move(partial, shardDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("docs_in", n).put("tokenizer", TokenEncoders.describe(cfg.tokenizer())).put("dtype", manifest.get("dtype").asText());
        long trainTokens = mixed.values().stream().mapToLong(Long::longValue).sum();
        ObjectNode mix = r.putObject("mix");
        for (var e : factors.entrySet()) {
            String d = e.getKey();
            ObjectNode m = mix.putObject(d);
            if (cfg.mix().containsKey(d)) m.put("target", cfg.mix().get(d)); else m.putNull("target");
            m.put("available_docs", trainByDomain.get(d).size()).put("available_tokens", available.get(d))
                    .put("epochs", e.getValue()).put("tokens", mixed.get(d))
                    .put("achieved", trainTokens == 0 ? 0 : (double) mixed.get(d) / trainTokens);
        }
        r.set("train", ((ObjectNode) splits.get("train").deepCopy()).without("shards"));
        r.set("val", ((ObjectNode) splits.get("val").deepCopy()).without("shards"));
        r.put("docs_out", train.size() + valDocs.size()).put("tokens_out", trainTokens + splits.get("val").get("tokens").asLong());
        return r;
    }

    private ObjectNode writeSplit(Path dir, String split, List<Integer> docs, MemorySegment store, List<Long> offsets,
                                  List<Integer> lengths, int bytesPerToken, int eot) throws IOException {
        ShardWriter w = new ShardWriter(dir, split, bytesPerToken, cfg.shardTokens(), eot);
        try (w; ProgressBar bar = new ProgressBar("pack: " + split, docs.size(), "docs")) {
            int[] buf = new int[0];
            for (int d : docs) {
                int len = lengths.get(d);
                if (buf.length < len) buf = new int[Math.max(len, buf.length * 2)];
                MemorySegment.copy(store, ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
                        offsets.get(d) * 4, buf, 0, len);
                w.add(buf, 0, len);
                bar.step(1);
            }
        }
        return w.manifest();
    }
}
