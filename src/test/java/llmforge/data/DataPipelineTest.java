package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.UserException;

class DataPipelineTest {
    @TempDir Path dir;

    private static final String[] WORDS = ("river mountain teacher engine garden harbour violin forest candle window "
            + "market bridge letter winter summer kitchen doctor student painter village castle meadow thunder silver "
            + "copper basket ladder pocket mirror saddle lantern orchard valley island desert canyon glacier compass "
            + "journey harvest festival library museum theatre station factory railway airport hospital").split(" ");

    /** A sentence-rich English document that passes every filter; {@code i} seeds its words, so documents differ. */
    static String doc(int i) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(i);
        StringBuilder sb = new StringBuilder();
        String[] joins = {" of the ", " beside ", " and ", " with a ", " under the ", " to "};
        for (int k = 0; k < 8; k++)
            sb.append(k == 0 ? "The " : "A ").append(WORDS[r.nextInt(WORDS.length)]).append(joins[r.nextInt(joins.length)])
                    .append(WORDS[r.nextInt(WORDS.length)]).append(joins[r.nextInt(joins.length)])
                    .append(WORDS[r.nextInt(WORDS.length)]).append(". ");
        return sb.toString().strip();
    }

    private Path writeInputs(boolean badLine) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) lines.add("{\"text\": \"" + doc(i) + "\", \"id\": " + i + "}");
        lines.add("{\"text\": \"" + doc(3) + "\", \"id\": 1003}");                 // exact duplicate
        lines.add("{\"text\": \"Lorem ipsum dolor sit amet. " + doc(200) + "\"}"); // filtered
        lines.add("{\"text\": \"" + doc(201) + " Write to jane@example.org today.\"}");
        if (badLine) lines.add(4, "{\"text\": broken");
        Files.write(in.resolve("web.jsonl"), lines);
        Path zh = Files.createDirectories(in.resolve("zh"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(zh.resolve("poems.txt.gz")))) {
            StringBuilder sb = new StringBuilder();
            String[] poems = {"床前明月光，疑是地上霜。举头望明月，低头思故乡。", "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。",
                    "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", "千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。",
                    "红豆生南国，春来发几枝。愿君多采撷，此物最相思。", "空山不见人，但闻人语响。返景入深林，复照青苔上。"};
            for (String p : poems) sb.append("《诗》\n").append(p).append("\n").append(p).append("\n\n");
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return in;
    }

    private Path config(String extra) throws IOException {
        Path c = dir.resolve("data.yaml");
        Files.writeString(c, """
                sources:
                  - {path: %s, domain: web}
                  - {path: %s, domain: chinese, split: paragraph}
                output: %s
                threads: 2
                val_fraction: 0.1
                shard_tokens: 2048
                filters: {min_words: 10, max_duplicate_line_share: 0.6, max_duplicate_line_char_share: 0.6}
                mix: {web: 0.7, chinese: 0.3}
                %s
                """.formatted(dir.resolve("in/web.jsonl"), dir.resolve("in/zh"), dir.resolve("out"), extra));
        return c;
    }

    @Test void runsTheChainAndResumes() throws IOException {
        writeInputs(true);
        DataConfig cfg = ConfigLoader.load(config(""), DataConfig.class);
        DataPipeline p = new DataPipeline(cfg);
        ObjectNode r = p.run();
        assertEquals(1, r.path("clean").path("bad_input").path("count").asLong());
        assertTrue(r.path("clean").path("bad_input").path("examples").get(0).asText().contains("web.jsonl:5"));
        assertEquals(1, r.path("clean").path("filters").path("lorem_ipsum").path("removed").asLong());
        assertEquals(1, r.path("clean").path("pii").path("emails").asLong());
        assertEquals(1, r.path("dedup").path("exact_removed").asLong());
        assertEquals(6, r.path("clean").path("domains").path("chinese").path("docs_out").asLong());
        double web = r.path("pack").path("mix").path("web").path("achieved").asDouble();
        assertEquals(0.7, web, 0.05, "achieved share of web");
        assertTrue(Files.exists(p.outputDir().resolve("report.html")));
        assertTrue(Files.readString(p.outputDir().resolve("report.html")).contains("lorem_ipsum"));

        // the shards hold cleaned documents, each followed by end-of-text
        Set<String> cleaned = new HashSet<>();
        try (var reader = new DocumentFiles.Reader(p.outputDir().resolve("dedup.jsonl"))) {
            for (Document d; (d = reader.get()) != null; ) cleaned.add(d.text());
        }
        Set<String> packed = new HashSet<>();
        for (String split : List.of("train", "val")) {
            try (ShardReader s = ShardReader.open(p.shardDir(), split)) {
                for (int i = 0; i < s.documents(); i++) {
                    long start = s.documentStart(i), end = i + 1 < s.documents() ? s.documentStart(i + 1) : s.tokens();
                    int[] t = new int[(int) (end - start)];
                    s.read(start, t, 0, t.length);
                    assertEquals(ByteEncoder.EOT, t[t.length - 1]);
                    packed.add(new ByteEncoder().decode(t, 0, t.length - 1));
                }
            }
        }
        assertTrue(cleaned.containsAll(packed), "shards hold only cleaned documents");
        assertTrue(r.path("pack").path("mix").path("chinese").path("epochs").asDouble() > 1, "the small domain is repeated");
        assertTrue(packed.containsAll(cleaned.stream().filter(t -> t.contains("《诗》")).toList()), "so all of it is in");
        assertTrue(cleaned.stream().anyMatch(t -> t.contains("<EMAIL>")));

        ObjectNode again = new DataPipeline(cfg).run();
        assertEquals(List.of("clean", "dedup", "pack"), DocumentFiles.JSON.convertValue(again.get("resumed_steps"), List.class));

        DataPipeline changed = new DataPipeline(ConfigLoader.load(config("dedup: {threshold: 0.9}"), DataConfig.class));
        changed.run();
        assertEquals(List.of("clean"), changed.skippedSteps());
    }

    @Test void theShardsDoNotDependOnWhereTheDataLies() throws IOException {
        writeInputs(false);
        new DataPipeline(ConfigLoader.load(config(""), DataConfig.class)).run();
        Path moved = Files.createDirectories(dir.resolve("elsewhere/deeper"));
        Files.move(dir.resolve("in"), moved.resolve("in"));
        Path c = dir.resolve("moved.yaml");
        Files.writeString(c, Files.readString(config("")).replace(dir.resolve("in").toString(), moved.resolve("in").toString())
                .replace(dir.resolve("out").toString(), dir.resolve("out2").toString()));
        new DataPipeline(ConfigLoader.load(c, DataConfig.class)).run();
        List<Path> shards;
        try (var files = Files.walk(dir.resolve("out"))) {
            shards = files.filter(f -> f.toString().endsWith(".bin") || f.toString().endsWith(".idx")).toList();
        }
        assertTrue(shards.size() >= 4, "train and val shards: " + shards);
        for (Path f : shards)
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("out2").resolve(dir.resolve("out").relativize(f))), f.toString());
    }

    @Test void failPolicyNamesFileAndLine() throws IOException {
        writeInputs(true);
        DataConfig cfg = ConfigLoader.load(config("on_bad_input: fail"), DataConfig.class);
        UserException e = assertThrows(UserException.class, () -> new DataPipeline(cfg).run());
        assertTrue(e.getMessage().contains("web.jsonl:5"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("out/clean.jsonl")), "no half-written output");
    }

    @Test void aCorruptFileIsSkippedAndCountedOrFails() throws IOException {
        writeInputs(false);
        Files.writeString(dir.resolve("in/zh/broken.txt.gz"), "this is not gzip data");
        ObjectNode r = new DataPipeline(ConfigLoader.load(config(""), DataConfig.class)).run();
        assertEquals(1, r.path("clean").path("bad_input").path("count").asLong());
        assertTrue(r.path("clean").path("bad_input").path("examples").get(0).asText().contains("broken.txt.gz"));
        UserException e = assertThrows(UserException.class,
                () -> new DataPipeline(ConfigLoader.load(config("on_bad_input: fail"), DataConfig.class)).run());
        assertTrue(e.getMessage().contains("broken.txt.gz"), e.getMessage());
    }

    @Test void unknownKeysAreListedWithTheValidOnes() throws IOException {
        writeInputs(false);
        UserException e = assertThrows(UserException.class,
                () -> ConfigLoader.load(config("dedup: {treshold: 0.9}"), DataConfig.class));
        assertTrue(e.getMessage().contains("dedup.treshold") && e.getMessage().contains("threshold"), e.getMessage());
        UserException top = assertThrows(UserException.class, () -> ConfigLoader.load(config("colour: red"), DataConfig.class));
        assertTrue(top.getMessage().contains("'colour'") && top.getMessage().contains("max_epochs"), top.getMessage());
        UserException bad = assertThrows(UserException.class, () -> ConfigLoader.load(config("filters: {disable: [nope]}"), DataConfig.class));
        assertTrue(bad.getMessage().contains("nope") && bad.getMessage().contains("lorem_ipsum"), bad.getMessage());
    }
}
