package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HuggingFace BERT directory: {@code config.json} (model_type bert, BertForMaskedLM or
 * BertForSequenceClassification) and {@code model.safetensors}. The tied MLM decoder weight is not written (HF
 * re-ties it on load) and is ignored when present.
 */
public final class HfEncoderDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfEncoderDirectory() {}

    public static void save(Encoder model, Path dir) throws IOException {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < model.config().numLabels(); i++) labels.add("LABEL_" + i);
        save(model, dir, labels);
    }

    /** A classifier's directory with its labels' names (config.json id2label / label2id). */
    public static void save(Encoder model, Path dir, List<String> labels) throws IOException {
        if (labels.size() != model.config().numLabels()) {
            throw new IllegalArgumentException(labels.size() + " label names for " + model.config().numLabels() + " classes");
        }
        Files.createDirectories(dir);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) weights.put(p.name(), p.value());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        AtomicFiles.writeString(dir.resolve("config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(configJson(model.config(), labels)));
    }

    static ObjectNode configJson(EncoderConfig c, List<String> labels) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(c.isClassifier() ? "BertForSequenceClassification" : "BertForMaskedLM");
        n.put("model_type", "bert");
        n.put("vocab_size", c.vocabSize());
        n.put("hidden_size", c.dModel());
        n.put("num_hidden_layers", c.nLayers());
        n.put("num_attention_heads", c.nHeads());
        n.put("intermediate_size", c.dFf());
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", c.maxPositions());
        n.put("type_vocab_size", c.typeVocabSize());
        n.put("layer_norm_eps", c.normEps());
        n.put("hidden_dropout_prob", c.dropout());
        n.put("attention_probs_dropout_prob", 0.0);
        n.put("pad_token_id", c.padId());
        n.put("position_embedding_type", "absolute");
        // not a HF BERT option: pre-norm encoders are ours only (HF would run them as post-norm)
        if (c.preLayerNorm()) n.put("pre_layer_norm", true);
        if (c.isClassifier()) {
            ObjectNode id2label = n.putObject("id2label"), label2id = n.putObject("label2id");
            for (int i = 0; i < c.numLabels(); i++) {
                id2label.put(Integer.toString(i), labels.get(i));
                label2id.put(labels.get(i), i);
            }
        }
        n.put("torch_dtype", "float32");
        return n;
    }

    public static EncoderConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": not a model directory (no config.json)");
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": not valid JSON: " + e.getMessage());
        }
        String type = n.path("model_type").asText("");
        if (!type.equals("bert")) throw new UserException(file + ": model_type '" + type + "' is not an encoder (expected bert)");
        String act = n.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) throw new UserException(file + ": hidden_act '" + act + "' is not supported (gelu)");
        String posType = n.path("position_embedding_type").asText("absolute");
        if (!posType.equals("absolute")) throw new UserException(file + ": position_embedding_type '" + posType + "' is not supported (absolute)");
        boolean classifier = false;
        for (JsonNode a : n.path("architectures")) classifier |= a.asText().equals("BertForSequenceClassification");
        int labels = classifier ? (n.has("id2label") ? n.get("id2label").size() : n.path("num_labels").asInt(2)) : 0;
        try {
            return new EncoderConfig(integer(n, file, "vocab_size"), integer(n, file, "max_position_embeddings"),
                    n.path("type_vocab_size").asInt(2), integer(n, file, "hidden_size"),
                    integer(n, file, "num_hidden_layers"), integer(n, file, "num_attention_heads"),
                    integer(n, file, "intermediate_size"), (float) n.path("layer_norm_eps").asDouble(1e-12),
                    (float) n.path("hidden_dropout_prob").asDouble(0.1), n.path("pre_layer_norm").asBoolean(false),
                    labels, n.path("pad_token_id").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    public static Encoder load(Path dir) throws IOException {
        Encoder model = new Encoder(readConfig(dir), 0);
        loadWeights(model, dir);
        return model;
    }

    /** Copies a directory's weights into {@code model}, checking every name and shape. */
    public static void loadWeights(Encoder model, Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": no model.safetensors");
        SafetensorsFile f = SafetensorsFile.open(file);
        for (Parameter p : model.parameters()) {
            if (!f.entries().containsKey(p.name())) throw new UserException(file + ": weights missing for '" + p.name() + "'");
            Tensor t = f.tensor(p.name());
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new UserException(file + ": tensor '" + p.name() + "' has shape " + Arrays.toString(t.shape())
                        + " but the config needs " + Arrays.toString(p.shape()));
            }
            p.value().copyFrom(t);
        }
    }

    /** A classifier's label names by class id (config.json id2label; LABEL_i where it names none). */
    public static List<String> readLabels(Path dir) throws IOException {
        EncoderConfig c = readConfig(dir);
        JsonNode id2label = JSON.readTree(dir.resolve("config.json").toFile()).path("id2label");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.numLabels(); i++) out.add(id2label.path(Integer.toString(i)).asText("LABEL_" + i));
        return out;
    }

    /**
     * Starts a classifier from another head's checkpoint (an MLM model): loads every encoder weight, which must all be
     * there, and the pooler and classifier where the directory has them in the right shape; the rest keep their init.
     * Returns how many head tensors were fresh.
     */
    public static int loadBody(Encoder model, Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": no model.safetensors");
        SafetensorsFile f = SafetensorsFile.open(file);
        int fresh = 0;
        for (Parameter p : model.parameters()) {
            boolean head = p.name().startsWith("bert.pooler.") || p.name().startsWith("classifier.");
            boolean usable = f.has(p.name()) && Arrays.equals(f.entries().get(p.name()).shape(), p.shape());
            if (usable) p.value().copyFrom(f.tensor(p.name()));
            else if (head) fresh++;
            else throw new UserException(file + ": no weights of shape " + Arrays.toString(p.shape()) + " for '" + p.name() + "'");
        }
        return fresh;
    }

    private static int integer(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) throw new UserException(file + ": key '" + key + "' must be an integer");
        return v.asInt();
    }
}
