package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.nn.Linear;
import llmforge.nn.Lora;
import llmforge.nn.LoraConfig;
import llmforge.nn.Module;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * LoRA adapters alone, in HuggingFace PEFT's layout: {@code adapter_config.json} and
 * {@code adapter_model.safetensors} with tensors {@code base_model.model.<module>.lora_A.weight} (r, in) and
 * {@code lora_B.weight} (out, r). GPT-2's Conv1D modules are marked {@code fan_in_fan_out} (PEFT transposes the
 * product when merging; the A and B tensors themselves have the same shapes).
 */
public final class PeftAdapterDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "base_model.model.";
    private static final String CONFIG_FILE = "adapter_config.json", ADAPTER_FILE = "adapter_model.safetensors";

    private PeftAdapterDirectory() {}

    public static void save(Lora lora, Path dir, String baseModel, boolean fanInFanOut) throws IOException {
        save(lora, List.of(), dir, baseModel, "CAUSAL_LM", fanInFanOut);
    }

    /**
     * The adapters plus {@code modulesToSave}: parameters trained in full beside them (PEFT's
     * {@code modules_to_save}, e.g. a reward model's new score head), stored under their own names.
     */
    public static void save(Lora lora, List<Parameter> modulesToSave, Path dir, String baseModel, String taskType,
                            boolean fanInFanOut) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, Linear> e : lora.modules().entrySet()) {
            weights.put(PREFIX + e.getValue().adapter().a().name(), e.getValue().adapter().a().value());
            weights.put(PREFIX + e.getValue().adapter().b().name(), e.getValue().adapter().b().value());
            names.add(e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
        }
        Set<String> saved = new LinkedHashSet<>();
        for (Parameter p : modulesToSave) {
            weights.put(PREFIX + p.name(), p.value());
            saved.add(p.name().substring(0, p.name().lastIndexOf('.')));
        }
        SafetensorsWriter.write(dir.resolve(ADAPTER_FILE), weights, Map.of("format", "pt"));
        LoraConfig c = lora.config();
        ObjectNode n = JSON.createObjectNode();
        n.put("peft_type", "LORA");
        n.put("task_type", taskType);
        n.put("base_model_name_or_path", baseModel);
        n.put("r", c.rank());
        n.put("lora_alpha", c.alpha());
        n.put("lora_dropout", c.dropout());
        // the module names actually adapted: PEFT matches a list by name suffix, which reproduces this set
        ArrayNode t = n.putArray("target_modules");
        names.forEach(t::add);
        if (!saved.isEmpty()) {
            ArrayNode m = n.putArray("modules_to_save");
            saved.forEach(m::add);
        }
        n.put("fan_in_fan_out", fanInFanOut);
        n.put("bias", "none");
        n.put("inference_mode", true);
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    }

    /** The base model the adapter was trained on ({@code base_model_name_or_path}), or null when not recorded. */
    public static String baseModel(Path dir) throws IOException {
        String b = readJson(dir).path("base_model_name_or_path").asText("");
        return b.isEmpty() ? null : b;
    }

    private static JsonNode readJson(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": not an adapter directory (no " + CONFIG_FILE + ")");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": not valid JSON: " + e.getMessage());
        }
    }

    public static LoraConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        JsonNode n = readJson(dir);
        String type = n.path("peft_type").asText("");
        if (!type.equals("LORA")) throw new UserException(file + ": peft_type '" + type + "' is not supported (LORA)");
        if (!n.path("r").canConvertToInt()) throw new UserException(file + ": key 'r' must be an integer");
        JsonNode t = n.path("target_modules");
        String pattern;
        if (t.isTextual()) pattern = t.asText();
        else if (t.isArray() && !t.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode x : t) (sb.length() > 0 ? sb.append('|') : sb).append(Pattern.quote(x.asText()));
            pattern = sb.toString();
        } else throw new UserException(file + ": key 'target_modules' must be a string or a non-empty list");
        try {
            return new LoraConfig(n.get("r").asInt(), n.path("lora_alpha").asDouble(8), n.path("lora_dropout").asDouble(0), pattern);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    /** Attaches the directory's adapters to {@code model} (freezing it) and loads their weights. */
    public static Lora load(Module model, Path dir) throws IOException {
        LoraConfig c = readConfig(dir);
        JsonNode extra = readJson(dir).path("modules_to_save");
        if (!extra.isEmpty()) {
            throw new UserException(dir + ": the adapter also carries fully trained modules " + extra + " (modules_to_save), which "
                    + "this model has no place for; a LoRA reward-model run writes its merged model to model/ itself");
        }
        Lora lora;
        try {
            lora = Lora.attach(model, c, 0);
        } catch (IllegalArgumentException e) {
            throw new UserException(dir + ": " + e.getMessage());
        }
        loadWeights(lora, List.of(), dir);
        return lora;
    }

    /**
     * Copies a saved adapter's weights (and its {@code modules_to_save}) into adapters already attached, checking
     * that the file holds exactly those tensors with those shapes (a resumed LoRA run).
     */
    public static void loadWeights(Lora lora, List<Parameter> modulesToSave, Path dir) throws IOException {
        Path file = dir.resolve(ADAPTER_FILE);
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": no " + ADAPTER_FILE);
        SafetensorsFile f = SafetensorsFile.open(file);
        List<Parameter> wanted = new ArrayList<>(lora.parameters());
        wanted.addAll(modulesToSave);
        for (Parameter p : wanted) {
            String name = PREFIX + p.name();
            if (!f.has(name)) throw new UserException(file + ": no tensor '" + name + "' for a targeted module");
            Tensor t = f.tensor(name);
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new UserException(file + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                        + ", the model needs " + Arrays.toString(p.shape()));
            }
            p.value().copyFrom(t);
        }
        if (wanted.size() != f.entries().size()) {
            throw new UserException(file + ": holds " + f.entries().size() + " tensors but the model's targeted modules use "
                    + wanted.size());
        }
    }
}
