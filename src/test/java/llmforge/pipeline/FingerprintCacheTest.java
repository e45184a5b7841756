package llmforge.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprintCacheTest {
    private static final FileTime PAST = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    private static Path corpus(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("corpus"));
        for (String name : new String[] {"a.txt", "b.txt"}) {
            Files.writeString(data.resolve(name), "text of " + name);
            Files.setLastModifiedTime(data.resolve(name), PAST);
        }
        return data;
    }

    @Test void anUnchangedListingIsServedFromTheRunFolderWithoutReadingTheFiles(@TempDir Path dir) throws Exception {
        Path data = corpus(dir), run = Files.createDirectories(dir.resolve("run"));
        FingerprintCache first = FingerprintCache.open(run);
        String hash = first.of(data);
        assertEquals(FileFingerprint.of(data), hash);
        first.save();
        assertTrue(Files.isRegularFile(run.resolve(FingerprintCache.FILE)));

        // same size and time, other content: a cache hit proves the files were not read again
        Files.writeString(data.resolve("a.txt"), "TEXT OF a.txt");
        Files.setLastModifiedTime(data.resolve("a.txt"), PAST);
        assertEquals(hash, FingerprintCache.open(run).of(data));
    }

    @Test void aChangedAddedOrRemovedFileIsHashedAgain(@TempDir Path dir) throws Exception {
        Path data = corpus(dir), run = Files.createDirectories(dir.resolve("run"));
        FingerprintCache cache = FingerprintCache.open(run);
        String before = cache.of(data);
        cache.save();

        Files.writeString(data.resolve("a.txt"), "edited, longer text");
        Files.setLastModifiedTime(data.resolve("a.txt"), PAST);
        String edited = FingerprintCache.open(run).of(data);
        assertNotEquals(before, edited);
        assertEquals(FileFingerprint.of(data), edited);

        Files.writeString(data.resolve("c.txt"), "new");
        Files.setLastModifiedTime(data.resolve("c.txt"), PAST);
        assertEquals(FileFingerprint.of(data), FingerprintCache.open(run).of(data));
        Files.delete(data.resolve("b.txt"));
        assertEquals(FileFingerprint.of(data), FingerprintCache.open(run).of(data));
    }

    @Test void aJustModifiedFileIsNeverCachedAndPlanningMakesNoFolder(@TempDir Path dir) throws Exception {
        Path data = corpus(dir), run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(data.resolve("a.txt"), "written just now");
        FingerprintCache cache = FingerprintCache.open(run);
        assertEquals(FileFingerprint.of(data), cache.of(data));
        cache.save();
        assertFalse(Files.exists(run.resolve(FingerprintCache.FILE)), "a racy listing was cached");

        Path absent = dir.resolve("not-yet");
        FingerprintCache plan = FingerprintCache.open(absent);
        Files.setLastModifiedTime(data.resolve("a.txt"), PAST);
        plan.of(data);
        plan.save();
        assertFalse(Files.exists(absent));
    }

    @Test void anUnreadableCacheIsIgnored(@TempDir Path dir) throws Exception {
        Path data = corpus(dir), run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(FingerprintCache.FILE), "{ not json");
        FingerprintCache cache = FingerprintCache.open(run);
        assertEquals(FileFingerprint.of(data), cache.of(data));
        cache.save();
        new ObjectMapper().readTree(run.resolve(FingerprintCache.FILE).toFile()); // rewritten as valid JSON
    }
}
