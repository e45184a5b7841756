package llmforge.tokenizer;

import llmforge.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-facing commands: train from txt + jsonl.gz, then encode and decode through stdin/stdout. */
class TokenizerCliTest {
    @TempDir Path dir;

    @Test void trainEncodeDecode() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.txt"), String.join("", BpeTrainerTest.corpus()));
        try (var out = new GZIPOutputStream(Files.newOutputStream(corpus.resolve("b.jsonl.gz")))) {
            out.write("{\"text\": \"json lines work too 中文\"}\n{\"text\": \"second line\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path tok = dir.resolve("out/tokenizer.json");
        assertEquals(0, run("", "tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "400",
                "--output", tok.toString(), "--regex", "llama3").code());
        assertTrue(Files.readString(dir.resolve("out/tokenizer_config.json")).contains("chat_template"));

        String text = "hello tokenizer 中文 🚀\nsecond line  with   spaces\n";
        CliRun enc = run(text, "tokenizer", "encode", "--tokenizer", tok.toString());
        assertEquals(0, enc.code());
        String[] lines = enc.out().split("\n");
        assertEquals(2, lines.length);
        Tokenizer t = TokenizerJsonReader.read(tok);
        assertEquals(t.decode(t.encode("hello tokenizer 中文 🚀")), "hello tokenizer 中文 🚀");
        assertEquals(lines[0], String.join(" ", java.util.Arrays.stream(t.encode("hello tokenizer 中文 🚀"))
                .mapToObj(Integer::toString).toList()));
        CliRun dec = run(enc.out(), "tokenizer", "decode", "--tokenizer", tok.toString());
        assertEquals(text, dec.out());

        CliRun wp = run("", "tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "300", "--type", "wordpiece",
                "--output", dir.resolve("wp/tokenizer.json").toString(), "--lowercase");
        assertEquals(0, wp.code(), wp.err());
        assertTrue(TokenizerJsonReader.read(dir.resolve("wp/tokenizer.json")) instanceof WordPieceTokenizer);
    }

    @Test void userMistakesAreOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = run("", "tokenizer", "train", "--input", empty.toString(), "--vocab-size", "400",
                "--output", dir.resolve("t.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("llmforge: the training corpus is empty"), r.err());
        Files.writeString(dir.resolve("x.txt"), "some text");
        r = run("", "tokenizer", "train", "--input", dir.resolve("x.txt").toString(), "--vocab-size", "100",
                "--output", dir.resolve("t.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("smaller than the 256-byte alphabet"), r.err());
    }

    private static CliRun run(String stdin, String... args) { return CliRun.run(stdin, args); }
}
