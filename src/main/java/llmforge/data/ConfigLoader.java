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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import llmforge.cli.UserException;

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
        if (!Files.isRegularFile(file)) throw new UserException("config file " + file + " does not exist");
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode()) root = YAML.createObjectNode();
            if (!(root instanceof ObjectNode o)) throw new UserException(file + ": a config must be a mapping of keys to values");
            adjust.accept(o);
            return YAML.treeToValue(o, type);
        } catch (UnrecognizedPropertyException e) {
            String valid = new TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString).toList()).toString();
            throw new UserException(file + ": unknown key '" + path(e) + "'; valid keys here: " + valid);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String what = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            String at = path(e);
            throw new UserException(file + (at.isEmpty() ? "" : " (at '" + at + "')") + ": " + what);
        } catch (IOException e) {
            throw new UserException("cannot read config " + file + ": " + e.getMessage());
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
