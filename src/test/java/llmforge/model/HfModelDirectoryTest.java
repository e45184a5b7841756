package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.io.SafetensorsFile;
import llmforge.model.HfVariantWriter.Raw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save/load of HuggingFace model directories: lossless round trips, the variants other tools write, bad input. */
class HfModelDirectoryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static DecoderConfig config(String flavour) {
        return flavour.equals("gpt2") ? GoldenDecoderDirs.gpt2() : GoldenDecoderDirs.llama();
    }

    static Path saved(String flavour, Path dir) throws Exception {
        HfModelDirectory.save(GoldenDecoderDirs.model(config(flavour), 5), dir, 0, 0);
        return dir;
    }

    static void assertSameWeights(Decoder expected, Decoder actual) {
        assertEquals(expected.namedParameters().keySet(), actual.namedParameters().keySet());
        for (Parameter p : expected.parameters()) {
            Approx.assertBitsEqual(p.name(), p.value().toFloatArray(),
                    actual.namedParameters().get(p.name()).value().toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void loadSaveLoadIsLossless(String flavour, @TempDir Path tmp) throws Exception {
        Decoder original = GoldenDecoderDirs.model(config(flavour), 5);
        HfModelDirectory.save(original, tmp.resolve("a"), 0, 0);
        Decoder once = HfModelDirectory.load(tmp.resolve("a"));
        assertEquals(original.config(), once.config());
        assertSameWeights(original, once);
        HfModelDirectory.save(once, tmp.resolve("b"), 0, 0);
        Decoder twice = HfModelDirectory.load(tmp.resolve("b"));
        assertEquals(original.config(), twice.config());
        assertSameWeights(original, twice);
        for (String f : new String[] {"model.safetensors", "config.json", "generation_config.json"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void configJsonHasTheKeysTransformersReads(@TempDir Path tmp) throws Exception {
        JsonNode g = JSON.readTree(saved("gpt2", tmp.resolve("g")).resolve("config.json").toFile());
        assertEquals("GPT2LMHeadModel", g.get("architectures").get(0).asText());
        assertEquals("gpt2", g.get("model_type").asText());
        assertEquals(32, g.get("n_ctx").asInt());
        assertEquals(32, g.get("n_positions").asInt());
        assertEquals("gelu_new", g.get("activation_function").asText());
        assertEquals(1e-4f, (float) g.get("layer_norm_epsilon").asDouble());
        assertTrue(g.get("tie_word_embeddings").asBoolean());

        JsonNode l = JSON.readTree(saved("llama", tmp.resolve("l")).resolve("config.json").toFile());
        assertEquals("LlamaForCausalLM", l.get("architectures").get(0).asText());
        assertEquals("llama", l.get("model_type").asText());
        assertEquals(2, l.get("num_key_value_heads").asInt());
        assertEquals(500.0, l.get("rope_theta").asDouble());
        assertFalse(l.get("tie_word_embeddings").asBoolean());
        // exactly {type, factor}: what transformers 4.31-4.41 demand and newer versions still accept
        JsonNode rs = l.get("rope_scaling");
        assertEquals(2, rs.size(), rs.toString());
        assertEquals("linear", rs.get("type").asText());
        assertEquals(2.0, rs.get("factor").asDouble());
    }

    @Test
    void newerRopeTypeKeyAndNullScalingAreRead(@TempDir Path tmp) throws Exception {
        Path dir = saved("llama", tmp);
        editConfig(dir, n -> n.putObject("rope_scaling").put("rope_type", "linear").put("factor", 4.0));
        assertEquals(4.0, HfModelDirectory.readConfig(dir).ropeScaling());
        editConfig(dir, n -> n.putNull("rope_scaling"));
        assertEquals(1.0, HfModelDirectory.readConfig(dir).ropeScaling());
        editConfig(dir, n -> n.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0));
        assertMessage(() -> HfModelDirectory.readConfig(dir), "rope_scaling type 'yarn'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BF16", "F16"})
    void halfPrecisionWeightsLoadAsTheRoundedFloats(String dtype, @TempDir Path tmp) throws Exception {
        Path dir = saved("llama", tmp);
        Map<String, float[]> full = HfVariantWriter.floats(SafetensorsFile.open(dir.resolve("model.safetensors")));
        Map<String, int[]> shapes = shapes(dir);
        Map<String, Raw> half = new LinkedHashMap<>();
        full.forEach((n, v) -> half.put(n, dtype.equals("BF16") ? HfVariantWriter.bf16(shapes.get(n), v) : HfVariantWriter.f16(shapes.get(n), v)));
        HfVariantWriter.write(dir.resolve("model.safetensors"), half);

        Decoder m = HfModelDirectory.load(dir);
        int changed = 0;
        for (Parameter p : m.parameters()) {
            float[] orig = full.get(p.name()), got = p.value().toFloatArray();
            for (int i = 0; i < orig.length; i++) {
                float rounded = dtype.equals("BF16") ? Float.intBitsToFloat(HfVariantWriter.toBf16Bits(orig[i]))
                        : Float.float16ToFloat(Float.floatToFloat16(orig[i]));
                assertEquals(Float.floatToRawIntBits(rounded), Float.floatToRawIntBits(got[i]), p.name() + "[" + i + "]");
                if (got[i] != orig[i]) changed++;
            }
        }
        assertTrue(changed > 1000, "the half-precision file really lost bits (" + changed + " values differ)");
    }

    @Test
    void bf16RoundingIsToNearestEven() {
        assertEquals(0x3f800000, HfVariantWriter.toBf16Bits(Float.intBitsToFloat(0x3f808000))); // tie, even stays
        assertEquals(0x3f820000, HfVariantWriter.toBf16Bits(Float.intBitsToFloat(0x3f818000))); // tie, odd rounds up
        assertEquals(0x3f810000, HfVariantWriter.toBf16Bits(Float.intBitsToFloat(0x3f808001))); // above the tie
    }

    @Test
    void shardedCheckpointWithIndexLoads(@TempDir Path tmp) throws Exception {
        Path dir = saved("gpt2", tmp.resolve("src"));
        Decoder expected = HfModelDirectory.load(dir);
        Map<String, float[]> all = HfVariantWriter.floats(SafetensorsFile.open(dir.resolve("model.safetensors")));
        Map<String, int[]> shapes = shapes(dir);
        Path sharded = Files.createDirectories(tmp.resolve("sharded"));
        Files.copy(dir.resolve("config.json"), sharded.resolve("config.json"));
        Map<String, Raw> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        int i = 0;
        for (var e : all.entrySet()) {
            boolean one = i++ % 2 == 0;
            (one ? first : second).put(e.getKey(), HfVariantWriter.f32(shapes.get(e.getKey()), e.getValue()));
            map.put(e.getKey(), one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        HfVariantWriter.write(sharded.resolve("model-00001-of-00002.safetensors"), first);
        HfVariantWriter.write(sharded.resolve("model-00002-of-00002.safetensors"), second);
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.toString());
        assertSameWeights(expected, HfModelDirectory.load(sharded));

        map.put("transformer.wte.weight", "model-00002-of-00002.safetensors"); // wrong shard named
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.toString());
        assertMessage(() -> HfModelDirectory.load(sharded), "'transformer.wte.weight' in model-00002-of-00002.safetensors");
    }

    @Test
    void gpt2ModelFilesWithoutPrefixAndWithMaskBuffersLoad(@TempDir Path tmp) throws Exception {
        Path dir = saved("gpt2", tmp);
        Decoder expected = HfModelDirectory.load(dir);
        Map<String, int[]> shapes = shapes(dir);
        Map<String, Raw> hf = new LinkedHashMap<>();
        HfVariantWriter.floats(SafetensorsFile.open(dir.resolve("model.safetensors"))).forEach((n, v) ->
                hf.put(n.substring("transformer.".length()), HfVariantWriter.f32(shapes.get(n), v)));
        for (int l = 0; l < 2; l++) {
            hf.put("h." + l + ".attn.bias", HfVariantWriter.f32(new int[] {1, 1, 32, 32}, new float[32 * 32]));
            hf.put("h." + l + ".attn.masked_bias", HfVariantWriter.f32(new int[] {}, new float[] {-1e4f}));
        }
        HfVariantWriter.write(dir.resolve("model.safetensors"), hf);
        assertSameWeights(expected, HfModelDirectory.load(dir));
    }

    @Test
    void shapeMismatchNamesTheTensorAndBothShapes(@TempDir Path tmp) throws Exception {
        Path dir = saved("gpt2", tmp);
        editConfig(dir, n -> n.put("n_inner", 64));
        assertMessage(() -> HfModelDirectory.load(dir),
                "tensor 'transformer.h.0.mlp.c_fc.weight' has shape [32, 128] but config.json needs [32, 64]");
    }

    @Test
    void unexpectedAndMissingTensorsAreNamed(@TempDir Path tmp) throws Exception {
        Path dir = saved("llama", tmp);
        Map<String, int[]> shapes = shapes(dir);
        Map<String, float[]> all = HfVariantWriter.floats(SafetensorsFile.open(dir.resolve("model.safetensors")));
        Map<String, Raw> extra = new LinkedHashMap<>();
        all.forEach((n, v) -> extra.put(n, HfVariantWriter.f32(shapes.get(n), v)));
        extra.put("model.layers.0.self_attn.q_proj.bias", HfVariantWriter.f32(new int[] {32}, new float[32]));
        HfVariantWriter.write(dir.resolve("model.safetensors"), extra);
        assertMessage(() -> HfModelDirectory.load(dir), "no place for: model.layers.0.self_attn.q_proj.bias");

        extra.remove("model.layers.0.self_attn.q_proj.bias");
        extra.remove("model.norm.weight");
        HfVariantWriter.write(dir.resolve("model.safetensors"), extra);
        assertMessage(() -> HfModelDirectory.load(dir), "weights missing for 1 parameters: model.norm.weight");
    }

    @Test
    void configProblemsNameTheKey(@TempDir Path tmp) throws Exception {
        Path g = saved("gpt2", tmp.resolve("g"));
        editConfig(g, n -> n.remove("n_head"));
        assertMessage(() -> HfModelDirectory.readConfig(g), "key 'n_head' must be an integer (missing)");
        editConfig(g, n -> n.put("n_head", 4).put("activation_function", "relu"));
        assertMessage(() -> HfModelDirectory.readConfig(g), "key 'activation_function' is 'relu'");
        editConfig(g, n -> n.put("activation_function", "gelu_new").put("n_head", 5));
        assertMessage(() -> HfModelDirectory.readConfig(g), "not divisible by n_heads 5");

        Path l = saved("llama", tmp.resolve("l"));
        editConfig(l, n -> n.remove("hidden_size"));
        assertMessage(() -> HfModelDirectory.readConfig(l), "key 'hidden_size' must be an integer (missing)");
        editConfig(l, n -> n.put("hidden_size", 32).put("attention_bias", true));
        assertMessage(() -> HfModelDirectory.readConfig(l), "key 'attention_bias' = true is not supported");
        editConfig(l, n -> n.put("attention_bias", false).put("model_type", "qwen2"));
        assertMessage(() -> HfModelDirectory.readConfig(l), "model_type 'qwen2' is not supported");
    }

    /**
     * The 124 M-parameter gpt2 preset constructs, saves and loads back bit-identically. It writes 0.5 GB and takes
     * 15-40 s on 2 cores: the slowest test, kept because it is the only one at real scale.
     */
    @Test
    void gpt2PresetSavesAndLoads(@TempDir Path tmp) throws Exception {
        Decoder m = new Decoder(DecoderConfig.preset("gpt2"), 1);
        assertEquals(124_439_808L, m.parameterCount());
        HfModelDirectory.save(m, tmp, 50256, 50256);
        Decoder back = HfModelDirectory.load(tmp);
        assertEquals(m.config(), back.config());
        assertSameWeights(m, back);
    }

    static Map<String, int[]> shapes(Path dir) throws Exception {
        Map<String, int[]> m = new LinkedHashMap<>();
        SafetensorsFile.open(dir.resolve("model.safetensors")).entries().forEach((n, e) -> m.put(n, e.shape()));
        return m;
    }

    static void editConfig(Path dir, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(n);
        Files.writeString(dir.resolve("config.json"), n.toString());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        UserException e = assertThrows(UserException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}
