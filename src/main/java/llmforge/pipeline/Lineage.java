package llmforge.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lineage.json} in every stage folder: what produced it — the exact config the stage ran with (defaults
 * filled in, wired paths included), the stages it read (key and folder), the hashes of the files it read, the code
 * and the seed — and how far it got: written with status {@code running} when the stage starts (with the process
 * id, so a crashed or killed run is told from a live one) and rewritten {@code done} (outputs, summary, time),
 * {@code failed} (the error) or {@code interrupted} when it stops. Only {@code done} makes the folder reusable.
 */
public record Lineage(String stage, String key, String status, ObjectNode config, Map<String, Input> inputs,
                      Map<String, String> files, CodeVersion code, Long seed, long pid, String pidStarted, String started,
                      String finished, Double seconds, int attempts, Map<String, String> outputs, ObjectNode summary, String error) {
    public static final String FILE = "lineage.json";
    static final String RUNNING = "running", DONE = "done", FAILED = "failed", INTERRUPTED = "interrupted";
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An upstream stage this one read. */
    public record Input(String key, String dir) {}

    static Optional<Lineage> read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), Lineage.class));
        } catch (IOException e) {
            return Optional.empty();   // unreadable: as if the stage never ran, so it runs again
        }
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(this) + "\n");
    }

    boolean done() { return DONE.equals(status); }

    /** Still running: the recorded process is alive and is the same process (not a reused id). */
    boolean live() {
        if (!RUNNING.equals(status)) return false;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(pidStarted)).orElse(false);
    }

    /** The path of a named output ({@code model}, {@code shards} ...), resolved against the stage folder. */
    Path output(Path dir, String name) {
        String rel = outputs == null ? null : outputs.get(name);
        if (rel == null) throw new IllegalStateException(dir + ": stage '" + stage + "' recorded no output '" + name + "'");
        return dir.resolve(rel);
    }

    Lineage finish(String newStatus, String when, double secs, Map<String, String> outs, ObjectNode sum, String err) {
        return new Lineage(stage, key, newStatus, config, inputs, files, code, seed, pid, pidStarted, started, when, secs, attempts,
                outs, sum, err);
    }

    /** An ISO time as {@code 2025-05-01 18:23:01} (UTC), for people; anything else unchanged. */
    public static String shortTime(String iso) {
        if (iso == null) return "-";
        try {
            return Instant.parse(iso).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "");
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    static String processStart() {
        return ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("");
    }
}
