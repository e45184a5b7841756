package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.cli.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        Files.createDirectories(dir);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) weights.put(p.name(), p.value());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        AtomicFiles.writeString(dir.resolve("config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(configJson(model.config())));
    }

    static ObjectNode configJson(EncoderConfig c) {
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
                id2label.put(Integer.toString(i), "LABEL_" + i);
                label2id.put("LABEL_" + i, i);
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

    private static int integer(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) throw new UserException(file + ": key '" + key + "' must be an integer");
        return v.asInt();
    }
}
