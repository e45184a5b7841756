package llmforge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import llmforge.io.UserException;

/** Reads a config record from YAML (or JSON, which is YAML) with snake_case keys; unknown keys are errors listing the valid ones. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    public static <T> T load(Path file, Class<T> type) { return load(file, type, root -> {}); }

    /** {@link #load} after {@code adjust} has edited the parsed document (e.g. a command-line switch adding a section). */
    public static <T> T load(Path file, Class<T> type, Consumer<ObjectNode> adjust) {
        ObjectNode root = tree(file);
        adjust.accept(root);
        return load(root, type, file.toString());
    }

    /** A parsed YAML/JSON file as a tree (for configs assembled from several files, e.g. a pipeline's stages). */
    public static ObjectNode tree(Path file) {
        if (!Files.isRegularFile(file)) throw new UserException("config file " + file + " does not exist");
        JsonNode n = convert(() -> YAML.readTree(file.toFile()), file.toString());
        if (n == null || n.isMissingNode() || n.isNull()) return YAML.createObjectNode();
        if (!(n instanceof ObjectNode o)) throw new UserException(file + ": expected a mapping of keys to values at the top");
        return o;
    }

    /** A config record from a tree, with the same errors as {@link #load}; {@code where} names its origin in them. */
    public static <T> T load(JsonNode tree, Class<T> type, String where) {
        return convert(() -> YAML.treeToValue(tree, type), where);
    }

    /** A config record as the tree of its snake_case keys, every default filled in. */
    public static ObjectNode tree(Object config) { return YAML.valueToTree(config); }

    private interface Read<T> {
        T read() throws IOException;
    }

    private static <T> T convert(Read<T> read, String where) {
        try {
            return read.read();
        } catch (UnrecognizedPropertyException e) {
            String valid = new TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString).toList()).toString();
            throw new UserException(where + ": unknown key '" + path(e) + "'; valid keys here: " + valid);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String what = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            String at = path(e);
            throw new UserException(where + (at.isEmpty() ? "" : " (at '" + at + "')") + ": " + what);
        } catch (IOException e) {
            throw new UserException("cannot read config " + where + ": " + e.getMessage());
        }
    }

    /** One top-level value of a config file as text (null when absent), read before choosing the record to load. */
    public static String peek(Path file, String key) {
        if (!Files.isRegularFile(file)) throw new UserException("config file " + file + " does not exist");
        try {
            JsonNode root = YAML.readTree(file.toFile()), v = root == null ? null : root.get(key);
            return v == null || v.isNull() ? null : v.asText();
        } catch (IOException e) {
            throw new UserException("cannot read config " + file + ": " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
