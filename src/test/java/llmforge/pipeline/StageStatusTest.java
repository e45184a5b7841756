package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The states {@code pipeline status} reads from a stage folder's lineage.json (and its siblings). */
class StageStatusTest {
    private static final String KEY = "0123456789abcdef", OLD = "fedcba9876543210";

    @Test
    void eachLineageStatusBecomesAState(@TempDir Path run) throws IOException {
        Path dir = run.resolve("sft-" + KEY);
        assertEquals("pending", StageStatus.of("sft", KEY, dir, true, run).state());

        lineage(Lineage.RUNNING, ProcessHandle.current().pid(), Lineage.processStart(), Map.of(), null).write(dir);
        assertEquals("running", StageStatus.of("sft", KEY, dir, true, run).state(), "this very process");

        lineage(Lineage.RUNNING, ProcessHandle.current().pid(), "1970-01-01T00:00:00Z", Map.of(), null).write(dir);
        StageStatus reused = StageStatus.of("sft", KEY, dir, true, run);
        assertEquals("interrupted", reused.state(), "the id now belongs to another process: the recorded one is gone");
        assertTrue(reused.detail().endsWith("the next run starts it again"), reused.detail());

        Files.createDirectories(dir.resolve("checkpoints/step-000020"));
        Files.writeString(dir.resolve("checkpoints/step-000020/trainer_state.json"), "{}");
        lineage(Lineage.INTERRUPTED, 1, "", Map.of(), null).write(dir);
        StageStatus stopped = StageStatus.of("sft", KEY, dir, true, run);
        assertEquals("interrupted", stopped.state());
        assertEquals("the next run resumes from step-000020", stopped.detail());

        lineage(Lineage.FAILED, 1, "", Map.of(), "data.jsonl: no conversation fits seq_len 8").write(dir);
        StageStatus failed = StageStatus.of("sft", KEY, dir, true, run);
        assertEquals("failed", failed.state());
        assertEquals("data.jsonl: no conversation fits seq_len 8", failed.detail());

        lineage(Lineage.DONE, 1, "", Map.of("model", "checkpoints/step-000020"), null).write(dir);
        StageStatus done = StageStatus.of("sft", KEY, dir, true, run);
        assertEquals("done", done.state());
        assertEquals(dir.resolve("checkpoints/step-000020"), done.model());
    }

    @Test
    void aFinishedFolderForAnotherKeyMakesTheStageStale(@TempDir Path run) throws IOException {
        lineage(Lineage.DONE, 1, "", Map.of("model", "model"), null).write(run.resolve("dpo-" + OLD));
        lineage(Lineage.FAILED, 1, "", Map.of(), "x").write(run.resolve("eval-dpo-" + OLD));   // not done: no stale eval-dpo
        StageStatus dpo = StageStatus.of("dpo", KEY, run.resolve("dpo-" + KEY), true, run);
        assertEquals("stale", dpo.state());
        assertTrue(dpo.detail().contains("dpo-" + OLD), dpo.detail());
        assertNull(dpo.model());
        assertEquals("pending", StageStatus.of("eval-dpo", KEY, run.resolve("eval-dpo-" + KEY), false, run).state());
        assertEquals("pending", StageStatus.of("eval", KEY, run.resolve("eval-" + KEY), false, run).state(), "eval-dpo-… is not a folder of 'eval'");
    }

    private static Lineage lineage(String status, long pid, String pidStarted, Map<String, String> outputs, String error) {
        String now = Instant.now().toString();
        return new Lineage("sft", KEY, status, JsonNodeFactory.instance.objectNode(), Map.of(), Map.of(), new CodeVersion("0.1.0", "abc", false),
                1L, pid, pidStarted, now, now, 1.0, 1, outputs, JsonNodeFactory.instance.objectNode(), error);
    }
}
