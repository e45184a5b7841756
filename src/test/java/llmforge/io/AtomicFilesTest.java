package llmforge.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("state.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temp file left behind");
        }
    }

    @Test
    void writtenFilesGetTheUsualPermissionsNotATempFilesOwnerOnly(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "x");
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what the umask gives an ordinary new file
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }
}
