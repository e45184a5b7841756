package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.cli.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.nn.MoeConfig;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A HuggingFace model directory: {@code config.json} (GPT2LMHeadModel or LlamaForCausalLM schema),
 * {@code generation_config.json} and {@code model.safetensors} (or sharded with {@code model.safetensors.index.json};
 * F16/BF16 weights load as float32). GPT-2's Conv1D weights are stored (in, out) by HF and (out, in) here, so
 * they are transposed on the way in and out.
 */
public final class HfModelDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfModelDirectory() {}

    public static void save(Decoder model, Path dir, int bosId, int eosId) throws IOException {
        Files.createDirectories(dir);
        DecoderConfig c = model.config();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            weights.put(p.name(), isConv1d(c, p.name()) ? p.value().transposeLast2() : p.value());
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        AtomicFiles.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(configJson(c, bosId, eosId)));
        ObjectNode gen = JSON.createObjectNode();
        gen.put("bos_token_id", bosId);
        gen.put("eos_token_id", eosId);
        gen.put("transformers_version", "4.44.0");
        AtomicFiles.writeString(dir.resolve("generation_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(gen));
    }

    static ObjectNode configJson(DecoderConfig c, int bosId, int eosId) {
        ObjectNode n = JSON.createObjectNode();
        if (c.isGpt2()) {
            n.putArray("architectures").add("GPT2LMHeadModel");
            n.put("model_type", "gpt2");
            n.put("vocab_size", c.vocabSize());
            n.put("n_positions", c.maxSeqLen());
            n.put("n_ctx", c.maxSeqLen());
            n.put("n_embd", c.dModel());
            n.put("n_layer", c.nLayers());
            n.put("n_head", c.nHeads());
            n.put("n_inner", c.dFf());
            n.put("activation_function", "gelu_new");
            n.put("layer_norm_epsilon", c.normEps());
            n.put("resid_pdrop", c.dropout());
            n.put("embd_pdrop", c.dropout());
            n.put("attn_pdrop", 0.0);
        } else {
            boolean moe = c.moe().isSparse();
            n.putArray("architectures").add(moe ? "MixtralForCausalLM" : "LlamaForCausalLM");
            n.put("model_type", moe ? "mixtral" : "llama");
            n.put("vocab_size", c.vocabSize());
            n.put("hidden_size", c.dModel());
            n.put("intermediate_size", c.dFf());
            n.put("num_hidden_layers", c.nLayers());
            n.put("num_attention_heads", c.nHeads());
            n.put("num_key_value_heads", c.nKvHeads());
            n.put("max_position_embeddings", c.maxSeqLen());
            n.put("rms_norm_eps", c.normEps());
            n.put("rope_theta", c.ropeTheta());
            if (c.ropeScaling() != 1.0) {
                ObjectNode rs = n.putObject("rope_scaling");
                rs.put("rope_type", "linear");
                rs.put("factor", c.ropeScaling());
            }
            n.put("hidden_act", "silu");
            n.put("attention_bias", false);
        }
        if (c.moe().isSparse()) {
            n.put("num_local_experts", c.moe().numExperts());
            n.put("num_experts_per_tok", c.moe().topK());
            n.put("router_aux_loss_coef", c.moe().auxLossCoef());
            // not HF keys (HF Mixtral has no capacity limit nor z-loss): ours, ignored by transformers
            n.put("router_z_loss_coef", c.moe().zLossCoef());
            n.put("expert_capacity_factor", c.moe().capacityFactor());
        }
        n.put("tie_word_embeddings", c.tiedEmbeddings());
        n.put("bos_token_id", bosId);
        n.put("eos_token_id", eosId);
        n.put("torch_dtype", "float32");
        return n;
    }

    /** Reads config.json into a DecoderConfig, naming the file and key on any problem. */
    public static DecoderConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": not a model directory (no config.json)");
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": not valid JSON: " + e.getMessage());
        }
        String type = text(n, file, "model_type");
        MoeConfig moe = MoeConfig.DENSE;
        if (n.has("num_local_experts")) {
            try {
                moe = new MoeConfig(integer(n, file, "num_local_experts"), n.path("num_experts_per_tok").asInt(2),
                        n.path("expert_capacity_factor").asDouble(0), n.path("router_aux_loss_coef").asDouble(0.02),
                        n.path("router_z_loss_coef").asDouble(0));
            } catch (IllegalArgumentException e) {
                throw new UserException(file + ": " + e.getMessage());
            }
        }
        return readConfig(n, file, type).withMoe(moe);
    }

    private static DecoderConfig readConfig(JsonNode n, Path file, String type) {
        return switch (type) {
            case "gpt2" -> {
                int d = integer(n, file, "n_embd");
                int inner = n.hasNonNull("n_inner") ? integer(n, file, "n_inner") : 4 * d;
                yield new DecoderConfig("gpt2", integer(n, file, "vocab_size"), integer(n, file, "n_positions"), d,
                        integer(n, file, "n_layer"), integer(n, file, "n_head"), integer(n, file, "n_head"), inner,
                        n.path("tie_word_embeddings").asBoolean(true), (float) n.path("resid_pdrop").asDouble(0),
                        (float) n.path("layer_norm_epsilon").asDouble(1e-5), 10000, 1);
            }
            case "llama", "mistral", "qwen2", "mixtral" -> {
                int heads = integer(n, file, "num_attention_heads");
                JsonNode rs = n.path("rope_scaling");
                double factor = rs.isObject() ? rs.path("factor").asDouble(1) : 1;
                yield new DecoderConfig("llama", integer(n, file, "vocab_size"),
                        integer(n, file, "max_position_embeddings"), integer(n, file, "hidden_size"),
                        integer(n, file, "num_hidden_layers"), heads, n.path("num_key_value_heads").asInt(heads),
                        integer(n, file, "intermediate_size"), n.path("tie_word_embeddings").asBoolean(false), 0f,
                        (float) n.path("rms_norm_eps").asDouble(1e-6), n.path("rope_theta").asDouble(10000), factor);
            }
            default -> throw new UserException(file + ": model_type '" + type + "' is not supported (gpt2, llama, mistral, qwen2, mixtral)");
        };
    }

    /** Loads a model directory (ours or HuggingFace's). */
    public static Decoder load(Path dir) throws IOException {
        DecoderConfig c = readConfig(dir);
        Decoder model = new Decoder(c, 0);
        loadWeights(model, dir);
        return model;
    }

    /** Copies the directory's weights into {@code model}, checking every name and shape. */
    public static void loadWeights(Decoder model, Path dir) throws IOException {
        Map<String, SafetensorsFile> byName = weightFiles(dir);
        DecoderConfig c = model.config();
        Set<String> missing = new HashSet<>();
        for (Parameter p : model.parameters()) {
            String name = p.name();
            SafetensorsFile f = byName.get(name);
            if (f == null && c.isGpt2() && name.startsWith("transformer.")) {
                name = name.substring("transformer.".length()); // GPT2Model files lack the prefix
                f = byName.get(name);
            }
            if (f == null) {
                missing.add(p.name());
                continue;
            }
            Tensor t = f.tensor(name);
            if (isConv1d(c, p.name())) t = t.transposeLast2();
            if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                throw new UserException(dir + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                        + " but the config needs " + java.util.Arrays.toString(p.shape()));
            }
            p.value().copyFrom(t);
        }
        if (!missing.isEmpty()) {
            throw new UserException(dir + ": weights missing for " + missing.size() + " parameters, e.g. " + missing.iterator().next());
        }
    }

    private static Map<String, SafetensorsFile> weightFiles(Path dir) throws IOException {
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            for (String n : f.entries().keySet()) byName.put(n, f);
        } else if (Files.isRegularFile(index)) {
            JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
            if (!map.isObject()) throw new UserException(index + ": expected an object under key 'weight_map'");
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            for (var it = map.fields(); it.hasNext(); ) {
                var e = it.next();
                String shard = e.getValue().asText();
                SafetensorsFile f = shards.get(shard);
                if (f == null) {
                    Path sp = dir.resolve(shard);
                    if (!Files.isRegularFile(sp)) throw new UserException(index + ": shard '" + shard + "' not found");
                    f = SafetensorsFile.open(sp);
                    shards.put(shard, f);
                }
                byName.put(e.getKey(), f);
            }
        } else {
            throw new UserException(dir + ": no model.safetensors or model.safetensors.index.json");
        }
        return byName;
    }

    private static boolean isConv1d(DecoderConfig c, String name) {
        return c.isGpt2() && name.endsWith(".weight")
                && (name.contains(".attn.c_attn") || name.contains(".attn.c_proj") || name.contains(".mlp.c_fc")
                || name.contains(".mlp.c_proj"));
    }

    private static String text(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new UserException(file + ": key '" + key + "' must be a string");
        return v.asText();
    }

    private static int integer(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) throw new UserException(file + ": key '" + key + "' must be an integer");
        return v.asInt();
    }
}
