package llmforge.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;

/**
 * The done-marker of a pipeline step: {@code <step>.done.json} holds the key the step ran with (a hash of its
 * configuration and its inputs) and its report section. A step whose marker holds the current key is not redone;
 * the marker is written only after the step's output is complete.
 */
final class StepMarker {
    private StepMarker() {}

    static String key(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The saved report section if the step finished with this key (and its output still exists), else null. */
    static ObjectNode finished(Path dir, String step, String key, Path output) {
        Path marker = dir.resolve(step + ".done.json");
        if (!Files.isRegularFile(marker) || !Files.exists(output)) return null;
        try {
            JsonNode m = DocumentFiles.JSON.readTree(marker.toFile());
            return key.equals(m.path("key").asText()) && m.get("report") instanceof ObjectNode r ? r : null;
        } catch (IOException e) {
            return null; // an unreadable marker means: redo the step
        }
    }

    static void markDone(Path dir, String step, String key, ObjectNode report) throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("key", key);
        m.set("report", report);
        AtomicFiles.writeString(dir.resolve(step + ".done.json"), DocumentFiles.JSON.writeValueAsString(m));
    }
}
