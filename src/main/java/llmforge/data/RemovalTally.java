package llmforge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Counts removals per reason and keeps the first few examples of each, for the report. */
final class RemovalTally {
    private static final int EXAMPLES = 3, SNIPPET = 240;

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> examples = new LinkedHashMap<>();

    RemovalTally(List<String> reasons) {
        for (String r : reasons) { counts.put(r, 0L); examples.put(r, new ArrayList<>()); }
    }

    void add(String reason, String source, String text) {
        counts.merge(reason, 1L, Long::sum);
        List<ObjectNode> ex = examples.computeIfAbsent(reason, k -> new ArrayList<>());
        if (ex.size() < EXAMPLES) ex.add(example(source, text));
    }

    static ObjectNode example(String source, String text) {
        String snippet = text.length() > SNIPPET ? text.substring(0, SNIPPET) + "\u2026" : text;
        return JsonNodeFactory.instance.objectNode().put("source", source).put("text", snippet);
    }

    long total() { return counts.values().stream().mapToLong(Long::longValue).sum(); }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        counts.forEach((reason, n) -> {
            ObjectNode r = o.putObject(reason).put("removed", n);
            examples.get(reason).forEach(r.putArray("examples")::add);
        });
        return o;
    }
}
