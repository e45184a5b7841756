package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;
import llmforge.io.UserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link FileFingerprint}s remembered in the run folder ({@value #FILE}) with the listing they were computed from
 * (every file's relative path, size and modification time): planning a pipeline re-reads a multi-gigabyte corpus
 * only when a file was added, removed or changed, not on every {@code run} and {@code status}. A file modified in
 * the last {@value #RACY_SECONDS} seconds is always re-read, since a second write within the clock's resolution
 * would leave its time unchanged (the "racy" case version control systems guard against the same way).
 */
final class FingerprintCache {
    static final String FILE = "input-hashes.json";
    private static final int RACY_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode entries;
    private boolean changed;

    private FingerprintCache(Path file, ObjectNode entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The cache of {@code runDir}; an unreadable cache file is ignored (it is only a shortcut) and rewritten. */
    static FingerprintCache open(Path runDir) {
        Path f = runDir.resolve(FILE);
        ObjectNode entries = JSON.createObjectNode();
        if (Files.isRegularFile(f)) {
            try {
                if (JSON.readTree(f.toFile()) instanceof ObjectNode o) entries = o;
            } catch (IOException e) {
                System.err.println("pipeline: ignoring the unreadable " + f + " (" + e.getMessage() + "); inputs are hashed again");
            }
        }
        return new FingerprintCache(f, entries);
    }

    /** The content hash of {@code path}, from the cache while its listing is unchanged. */
    String of(Path path) {
        if (!Files.exists(path)) throw new UserException(path + " does not exist");
        String where = path.toAbsolutePath().normalize().toString();
        String listing = listing(path);
        JsonNode hit = entries.get(where);
        if (listing != null && hit != null && listing.equals(hit.path("listing").asText())) return hit.path("hash").asText();
        String hash = FileFingerprint.of(path);
        if (listing != null) {
            entries.putObject(where).put("listing", listing).put("hash", hash);
            changed = true;
        }
        return hash;
    }

    /** Writes the cache (atomically) if it learnt something and the run folder exists; planning alone makes no folder. */
    void save() {
        if (!changed || !Files.isDirectory(file.getParent())) return;
        try {
            AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n");
            changed = false;
        } catch (IOException e) {
            System.err.println("pipeline: could not write " + file + " (" + e.getMessage() + "); inputs will be hashed again next time");
        }
    }

    /** A digest of (relative path, size, modified time) of every file under {@code path}; null if one is too recent. */
    private static String listing(Path path) {
        long racyAfter = System.currentTimeMillis() - RACY_SECONDS * 1000L;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : FileFingerprint.files(path)) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.lastModifiedTime().toMillis() > racyAfter) return null;
                md.update((path.relativize(f) + "\0" + a.size() + "\0" + a.lastModifiedTime().toInstant() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (IOException e) {
            throw new UserException("cannot list " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
