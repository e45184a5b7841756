package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's metrics, one JSON object per line in {@code metrics.jsonl}: a record per step ({@code type: "train"}:
 * loss, lr, grad_norm, tokens, tokens_per_s ...), per evaluation ({@code "eval"}) and per event ({@code "event"}:
 * skipped steps, loss spikes, rollbacks). Kept in memory and rewritten atomically at each evaluation and checkpoint.
 */
public final class MetricsLog {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<ObjectNode> records = new ArrayList<>();

    public MetricsLog(Path file) { this.file = file; }

    public Path file() { return file; }

    public ObjectNode add(String type, long step, Map<String, Double> values) {
        ObjectNode n = JSON.createObjectNode().put("type", type).put("step", step);
        values.forEach((k, v) -> n.put(k, v));
        records.add(n);
        return n;
    }

    public void event(long step, String event, String detail) {
        records.add(JSON.createObjectNode().put("type", "event").put("step", step).put("event", event).put("detail", detail));
    }

    public List<ObjectNode> records() { return java.util.Collections.unmodifiableList(records); }

    /** Values of one key over the records of one type, as (step, value) pairs. */
    public List<double[]> series(String type, String key) {
        List<double[]> s = new ArrayList<>();
        for (ObjectNode n : records) {
            if (n.path("type").asText().equals(type) && n.has(key)) s.add(new double[] {n.get("step").asDouble(), n.get(key).asDouble()});
        }
        return s;
    }

    /** Reloads the records of an earlier run segment up to {@code step} (a resume drops what came after). */
    public void reload(long step) throws IOException {
        records.clear();
        if (!Files.isRegularFile(file)) return;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            if (n instanceof ObjectNode o && o.path("step").asLong() <= step) records.add(o);
        }
    }

    public void write() {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode n : records) sb.append(n.toString()).append('\n');
        try {
            AtomicFiles.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
