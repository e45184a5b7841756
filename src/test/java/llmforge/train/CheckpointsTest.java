package llmforge.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointsTest {
    @TempDir Path tmp;

    private static Checkpoints.Writer files(String content) {
        return dir -> {
            Files.writeString(dir.resolve("weights.bin"), content);
            Files.writeString(dir.resolve(Checkpoints.STATE_FILE), "{}");
        };
    }

    @Test
    void keepsTheNewestKAndAFailedSaveLeavesThePreviousIntact() throws IOException {
        Checkpoints c = new Checkpoints(tmp.resolve("ck"), 2);
        for (int s = 1; s <= 3; s++) c.save(s, files("step " + s));
        assertEquals(List.of("step-000002", "step-000003"), names(c.list()));

        IOException e = assertThrows(IOException.class, () -> c.save(4, dir -> {
            Files.writeString(dir.resolve("weights.bin"), "half");
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(List.of("step-000002", "step-000003"), names(c.list()));
        assertEquals("step 3", Files.readString(c.latest().orElseThrow().resolve("weights.bin")));
        try (Stream<Path> all = Files.list(c.root())) {
            assertEquals(2, all.count(), "no temp directory may be left behind");
        }
    }

    @Test
    void aDirectoryWithoutTheStateFileIsNotACheckpoint() throws IOException {
        Checkpoints c = new Checkpoints(tmp.resolve("ck"), 3);
        c.save(1, files("one"));
        Files.createDirectories(c.root().resolve("step-000002"));   // e.g. copied by hand, incomplete
        assertEquals("step-000001", c.latest().orElseThrow().getFileName().toString());
    }

    @Test
    void corruptStateIsAClearError() throws IOException {
        Checkpoints c = new Checkpoints(tmp.resolve("ck"), 3);
        Path dir = c.save(1, d -> Files.writeString(d.resolve(Checkpoints.STATE_FILE), "{\"step\": 1"));
        var e = assertThrows(llmforge.io.UserException.class, () -> TrainerCheckpoint.read(dir));
        assertTrue(e.getMessage().contains("trainer_state.json") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    private static List<String> names(List<Path> ps) { return ps.stream().map(p -> p.getFileName().toString()).toList(); }
}
