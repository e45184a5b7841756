package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import llmforge.cli.Main;
import llmforge.io.UserException;

class JsonlDeduplicatorTest {
    @TempDir Path dir;

    @Test void dropsNearDuplicatesAndKeepsEveryFieldOfTheRest() throws IOException {
        String a = DataPipelineTest.doc(1), b = DataPipelineTest.doc(2);
        String aEdited = a.replaceFirst("\\.$", " too.");
        Path in = dir.resolve("in.jsonl"), out = dir.resolve("out.jsonl");
        Files.write(in, List.of(
                "{\"id\":1,\"text\":\"" + a + "\",\"tags\":[\"x\"],\"score\":0.5}",
                "{\"id\":2,\"text\":\"" + b + "\"}",
                "{\"id\":3,\"text\":\"" + aEdited + "\",\"tags\":[]}"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(buf, true));
        int rc = cl.execute("data", "dedup", "--input", in.toString(), "--output", out.toString(), "--threshold", "0.8");
        assertEquals(0, rc);
        List<String> kept = Files.readAllLines(out);
        assertEquals(List.of(Files.readAllLines(in).get(0), Files.readAllLines(in).get(1)), kept);
        assertTrue(buf.toString().contains("\"near_removed\":1"), buf.toString());
    }

    @Test void aBadLineFailsWithFileAndLineOrIsSkippedAndCounted() throws IOException {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, List.of("{\"text\":\"" + DataPipelineTest.doc(1) + "\"}", "{not json", "{\"body\":\"no text\"}"));
        var d = new JsonlDeduplicator(DedupConfig.defaults(), "text", BadInput.Policy.FAIL, 1);
        UserException e = assertThrows(UserException.class, () -> d.run(in, dir.resolve("o.jsonl")));
        assertTrue(e.getMessage().contains("in.jsonl:2"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("o.jsonl")));
        var s = new JsonlDeduplicator(DedupConfig.defaults(), "text", BadInput.Policy.SKIP, 1).run(in, dir.resolve("o.jsonl"));
        assertEquals(2, s.badLines());
        assertEquals(1, s.kept());
    }
}
