package llmforge.pipeline;

import llmforge.io.UserException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content hash of a stage's input files (a folder: every file under it, by relative path): editing, adding
 * or removing a source file changes the stage's key. Content, not modification times, so a fresh checkout of the
 * same data reuses a run.
 */
final class FileFingerprint {
    private FileFingerprint() {}

    /** Every regular file under {@code path} (or the file itself), in a fixed order: what a fingerprint covers. */
    static List<Path> files(Path path) throws IOException {
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static String of(Path path) {
        if (!Files.exists(path)) throw new UserException(path + " does not exist");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files = files(path);
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                md.update(path.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
                    while (in.read(buf) >= 0) {
                        // the digest stream hashes what passes through
                    }
                }
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
