package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.nn.MoeConfig;
import llmforge.io.UserException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * config.json in the HuggingFace schema: GPT2Config ({@code model_type} gpt2) or LlamaConfig (llama, and mistral
 * which shares its weights layout). Reading refuses settings that would make the weights mean something our
 * decoder does not compute (another activation, biases, another rope variant), naming the key.
 */
final class HfConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfig() {}

    /** The config.json transformers needs to load the model as GPT2LMHeadModel or LlamaForCausalLM. */
    static ObjectNode toJson(DecoderConfig c, int bosId, int eosId) {
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
            // the attention variant we implement; transformers reads these (its defaults match, but be explicit)
            n.put("scale_attn_weights", true);
            n.put("scale_attn_by_inverse_layer_idx", false);
            n.put("reorder_and_upcast_attn", false);
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
            n.put("head_dim", c.headDim());
            if (c.ropeScaling() != 1.0) {
                // exactly {type, factor}: transformers 4.31-4.41 reject any other key count, and newer versions
                // copy "type" to "rope_type" themselves, so adding "rope_type" here would break the older ones
                ObjectNode rs = n.putObject("rope_scaling");
                rs.put("type", "linear");
                rs.put("factor", c.ropeScaling());
            } else {
                n.putNull("rope_scaling");
            }
            n.put("hidden_act", "silu");
            n.put("attention_bias", false);
            n.put("mlp_bias", false);
            n.put("attention_dropout", 0.0);
            n.put("pretraining_tp", 1);
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
        n.put("initializer_range", 0.02);
        n.put("use_cache", true);
        n.put("torch_dtype", "float32");
        n.put("transformers_version", "4.44.0");
        return n;
    }

    static DecoderConfig read(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": not a model directory (no config.json)");
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw new UserException(file + ": expected a JSON object");
        String type = text(n, file, "model_type");
        try {
            DecoderConfig c = switch (type) {
                case "gpt2" -> gpt2(n, file);
                case "llama", "mistral", "mixtral" -> llama(n, file);
                default -> throw new UserException(file + ": model_type '" + type
                        + "' is not supported (gpt2, llama, mistral, mixtral)");
            };
            return n.has("num_local_experts") ? c.withMoe(moe(n, file)) : c;
        } catch (IllegalArgumentException e) { // DecoderConfig's own checks (divisibility, sizes)
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    private static MoeConfig moe(JsonNode n, Path file) {
        return new MoeConfig(integer(n, file, "num_local_experts"), n.path("num_experts_per_tok").asInt(2),
                n.path("expert_capacity_factor").asDouble(0), n.path("router_aux_loss_coef").asDouble(0.02),
                n.path("router_z_loss_coef").asDouble(0));
    }

    private static DecoderConfig gpt2(JsonNode n, Path file) {
        String act = n.path("activation_function").asText("gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw new UserException(file + ": key 'activation_function' is '" + act + "'; only the tanh GELU "
                    + "(gelu_new, gelu_pytorch_tanh) is supported");
        }
        require(n, file, "scale_attn_weights", true);
        require(n, file, "scale_attn_by_inverse_layer_idx", false);
        int d = integer(n, file, "n_embd");
        int heads = integer(n, file, "n_head");
        int inner = n.hasNonNull("n_inner") ? integer(n, file, "n_inner") : 4 * d;
        return new DecoderConfig("gpt2", integer(n, file, "vocab_size"), integer(n, file, "n_positions"), d,
                integer(n, file, "n_layer"), heads, heads, inner, bool(n, file, "tie_word_embeddings", true),
                (float) number(n, file, "resid_pdrop", 0), (float) number(n, file, "layer_norm_epsilon", 1e-5),
                10000, 1);
    }

    private static DecoderConfig llama(JsonNode n, Path file) {
        String act = n.path("hidden_act").asText("silu");
        if (!act.equals("silu")) throw new UserException(file + ": key 'hidden_act' is '" + act + "'; only silu is supported");
        require(n, file, "attention_bias", false);
        require(n, file, "mlp_bias", false);
        int d = integer(n, file, "hidden_size");
        int heads = integer(n, file, "num_attention_heads");
        if (n.hasNonNull("head_dim") && integer(n, file, "head_dim") * heads != d) {
            throw new UserException(file + ": key 'head_dim' is " + n.get("head_dim") + " but hidden_size / "
                    + "num_attention_heads is " + d + "/" + heads + "; only head_dim = hidden_size / heads is supported");
        }
        int kv = n.hasNonNull("num_key_value_heads") ? integer(n, file, "num_key_value_heads") : heads;
        int maxSeq = integer(n, file, "max_position_embeddings");
        // Mistral's sliding window only differs from full causal attention past the window: cap the context there
        if (n.hasNonNull("sliding_window")) maxSeq = Math.min(maxSeq, integer(n, file, "sliding_window"));
        return new DecoderConfig("llama", integer(n, file, "vocab_size"), maxSeq, d,
                integer(n, file, "num_hidden_layers"), heads, kv, integer(n, file, "intermediate_size"),
                bool(n, file, "tie_word_embeddings", false), 0f, (float) number(n, file, "rms_norm_eps", 1e-6),
                number(n, file, "rope_theta", 10000), linearRopeFactor(n.get("rope_scaling"), file));
    }

    /** rope_scaling: null, or linear ({"type"|"rope_type": "linear", "factor": f}); other variants are refused. */
    private static double linearRopeFactor(JsonNode rs, Path file) {
        if (rs == null || rs.isNull()) return 1;
        if (!rs.isObject()) throw new UserException(file + ": key 'rope_scaling' must be an object or null");
        String kind = rs.hasNonNull("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText("");
        if (kind.equals("default")) return 1;
        if (!kind.equals("linear")) {
            throw new UserException(file + ": rope_scaling type '" + kind + "' is not supported (linear or default)");
        }
        JsonNode f = rs.get("factor");
        if (f == null || !f.isNumber() || !(f.asDouble() > 0)) {
            throw new UserException(file + ": key 'rope_scaling.factor' must be a positive number");
        }
        return f.asDouble();
    }

    private static String text(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new UserException(file + ": key '" + key + "' must be a string" + (v == null ? " (missing)" : ""));
        return v.asText();
    }

    private static int integer(JsonNode n, Path file, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new UserException(file + ": key '" + key + "' must be an integer" + (v == null ? " (missing)" : ", got " + v));
        }
        return v.asInt();
    }

    private static double number(JsonNode n, Path file, String key, double fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw new UserException(file + ": key '" + key + "' must be a number, got " + v);
        return v.asDouble();
    }

    private static boolean bool(JsonNode n, Path file, String key, boolean fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw new UserException(file + ": key '" + key + "' must be true or false, got " + v);
        return v.asBoolean();
    }

    /** A flag whose other value changes the model's math: absent is fine, the other value is refused. */
    private static void require(JsonNode n, Path file, String key, boolean supported) {
        if (bool(n, file, key, supported) != supported) {
            throw new UserException(file + ": key '" + key + "' = " + !supported + " is not supported (only " + supported + ")");
        }
    }
}
