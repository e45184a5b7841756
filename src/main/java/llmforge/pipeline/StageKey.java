package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's identity: a hash of its name, the code release, its config (keys sorted, defaults filled in, the paths
 * the pipeline wires removed), the keys of the stages it reads and the content of the files it reads. Equal keys
 * mean the stage would compute the same thing, so its finished output is reused.
 */
final class StageKey {
    private StageKey() {}

    static String of(String stage, String release, JsonNode config, Map<String, String> inputKeys, Map<String, String> fileHashes) {
        StringBuilder sb = new StringBuilder().append(stage).append('\n').append(release).append('\n').append(canonical(config)).append('\n');
        new TreeMap<>(inputKeys).forEach((k, v) -> sb.append("input ").append(k).append('=').append(v).append('\n'));
        new TreeMap<>(fileHashes).forEach((k, v) -> sb.append("file ").append(k).append('=').append(v).append('\n'));
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8), 8);
    }

    /** JSON with every object's keys sorted: the same config always prints the same. */
    static String canonical(JsonNode n) { return sorted(n).toString(); }

    private static JsonNode sorted(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            o.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((k, v) -> s.set(k, sorted(v)));
            return s;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode s = JsonNodeFactory.instance.arrayNode();
            a.forEach(v -> s.add(sorted(v)));
            return s;
        }
        return n;
    }

    /** The first {@code bytes} bytes of SHA-256, in hex. */
    static String sha256(byte[] data, int bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
