package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/** Dotted-key access to config trees ({@code train.seed}, {@code reward.path}) and the merge of a stage file with inline keys. */
final class ConfigTrees {
    private ConfigTrees() {}

    /** {@code over} laid on {@code base}: mappings merge key by key, anything else replaces. Returns a new tree. */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode out = base.deepCopy();
        over.properties().forEach(e -> {
            JsonNode old = out.get(e.getKey());
            out.set(e.getKey(), old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n ? merge(o, n) : e.getValue().deepCopy());
        });
        return out;
    }

    /** Whether the key is present with a non-null value. */
    static boolean has(ObjectNode tree, String dotted) {
        JsonNode n = get(tree, dotted);
        return n != null && !n.isNull();
    }

    static JsonNode get(ObjectNode tree, String dotted) {
        JsonNode n = tree;
        for (String part : dotted.split("\\.")) {
            if (!(n instanceof ObjectNode o)) return null;
            n = o.get(part);
        }
        return n;
    }

    /** Sets a value, creating the mappings on the way. */
    static void set(ObjectNode tree, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode n = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = n.get(parts[i]);
            n = c instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    static void set(ObjectNode tree, String dotted, String value) { set(tree, dotted, tree.textNode(value)); }

    static void set(ObjectNode tree, String dotted, Path value) { set(tree, dotted, value.toString()); }

    static void remove(ObjectNode tree, String dotted) {
        int dot = dotted.lastIndexOf('.');
        JsonNode parent = dot < 0 ? tree : get(tree, dotted.substring(0, dot));
        if (parent instanceof ObjectNode o) o.remove(dotted.substring(dot + 1));
    }

    /** Replaces a relative path at {@code dotted} by one resolved against {@code base}; returns the path as written (null: absent). */
    static String resolve(ObjectNode tree, String dotted, Path base) {
        JsonNode n = get(tree, dotted);
        if (n == null || !n.isTextual()) return null;
        set(tree, dotted, base.resolve(n.asText()).normalize());
        return n.asText();
    }
}
