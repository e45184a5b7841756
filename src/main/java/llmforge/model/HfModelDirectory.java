package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.kernels.StridedCopy;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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
        save(model, dir, bosId, eosId, Map.of());
    }

    /** Saves with {@code extra} tensors (a head on top of the decoder, e.g. {@code score.weight}) in the same weight file. */
    public static void save(Decoder model, Path dir, int bosId, int eosId, Map<String, Tensor> extra) throws IOException {
        Files.createDirectories(dir);
        DecoderConfig c = model.config();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            weights.put(p.name(), isConv1d(c, p.name()) ? transposed(p.value()) : p.value());
        }
        weights.putAll(extra);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        AtomicFiles.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(HfConfig.toJson(c, bosId, eosId)));
        ObjectNode gen = JSON.createObjectNode();
        gen.put("bos_token_id", bosId);
        gen.put("eos_token_id", eosId);
        gen.put("transformers_version", "4.44.0");
        AtomicFiles.writeString(dir.resolve("generation_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(gen));
    }

    /** Reads config.json into a DecoderConfig, naming the file and key on any problem. */
    public static DecoderConfig readConfig(Path dir) throws IOException { return HfConfig.read(dir); }

    /** Loads a model directory (ours or HuggingFace's). */
    public static Decoder load(Path dir) throws IOException {
        DecoderConfig c = readConfig(dir);
        Decoder model = new Decoder(c, 0);
        loadWeights(model, dir);
        return model;
    }

    /**
     * Copies the directory's weights into {@code model}, checking every name and shape. Tensors the model does not
     * have are refused (they would be silently lost), except buffers HF checkpoints carry that hold no weights:
     * GPT-2's causal-mask {@code attn.bias} / {@code attn.masked_bias}, rotary {@code inv_freq}, and a tied
     * {@code lm_head.weight}.
     */
    public static void loadWeights(Decoder model, Path dir) throws IOException { loadWeights(model, dir, Set.of()); }

    /** As {@link #loadWeights(Decoder, Path)}, leaving the tensors named in {@code headNames} to the caller (a head's own). */
    public static void loadWeights(Decoder model, Path dir, Set<String> headNames) throws IOException {
        Map<String, SafetensorsFile> byName = weightFiles(dir);
        DecoderConfig c = model.config();
        Set<String> unused = new LinkedHashSet<>(byName.keySet());
        List<String> missing = new ArrayList<>();
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
            unused.remove(name);
            boolean conv1d = isConv1d(c, p.name());
            int[] stored = f.entries().get(name).shape();
            int[] expected = conv1d ? new int[] {p.shape()[1], p.shape()[0]} : p.shape();
            if (!Arrays.equals(stored, expected)) {
                throw new UserException(f.path() + ": tensor '" + name + "' has shape " + Arrays.toString(stored)
                        + " but config.json needs " + Arrays.toString(expected));
            }
            Tensor t = f.tensor(name);
            if (conv1d) copyInto(t.transposeLast2(), p.value());
            else p.value().copyFrom(t);
        }
        if (!missing.isEmpty()) {
            throw new UserException(dir + ": weights missing for " + missing.size() + " parameters: " + firstFew(missing));
        }
        unused.removeIf(n -> isIgnorableBuffer(c, n) || headNames.contains(n));
        if (!unused.isEmpty()) {
            throw new UserException(dir + ": " + unused.size() + " tensors the " + c.architecture()
                    + " model has no place for: " + firstFew(new ArrayList<>(unused)));
        }
    }

    private static boolean isIgnorableBuffer(DecoderConfig c, String name) {
        return name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias") || name.endsWith(".rotary_emb.inv_freq")
                || (c.tiedEmbeddings() && name.equals("lm_head.weight"));
    }

    private static String firstFew(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ...";
    }

    private static Map<String, SafetensorsFile> weightFiles(Path dir) throws IOException {
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            SafetensorsFile f = open(single);
            for (String n : f.entries().keySet()) byName.put(n, f);
        } else if (Files.isRegularFile(index)) {
            JsonNode map;
            try {
                map = JSON.readTree(index.toFile()).path("weight_map");
            } catch (IOException e) {
                throw new UserException(index + ": not valid JSON: " + e.getMessage());
            }
            if (!map.isObject()) throw new UserException(index + ": expected an object under key 'weight_map'");
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            for (var it = map.fields(); it.hasNext(); ) {
                var e = it.next();
                String shard = e.getValue().asText();
                SafetensorsFile f = shards.get(shard);
                if (f == null) {
                    Path sp = dir.resolve(shard);
                    if (!Files.isRegularFile(sp)) throw new UserException(index + ": shard '" + shard + "' not found");
                    f = open(sp);
                    shards.put(shard, f);
                }
                if (!f.has(e.getKey())) {
                    throw new UserException(index + ": weight_map puts '" + e.getKey() + "' in " + shard + ", which does not hold it");
                }
                byName.put(e.getKey(), f);
            }
        } else {
            throw new UserException(dir + ": no model.safetensors or model.safetensors.index.json");
        }
        return byName;
    }

    private static SafetensorsFile open(Path p) throws IOException {
        try {
            return SafetensorsFile.open(p);
        } catch (IllegalArgumentException e) { // a corrupt file is the user's input, not our bug
            throw new UserException(e.getMessage());
        }
    }

    /** A contiguous (cols, rows) copy of a (rows, cols) matrix. */
    private static Tensor transposed(Tensor m) {
        Tensor out = Tensor.persistent(m.shape()[1], m.shape()[0]);
        copyInto(m.transposeLast2(), out);
        return out;
    }

    // the strided-copy kernel: Tensor.copyFrom walks a view element by element, too slow at 100 M weights
    private static void copyInto(Tensor view, Tensor contiguous) {
        StridedCopy.copy(view.segment(), view.offset(), view.strides(), view.shape(), contiguous.segment(),
                contiguous.offset(), false);
    }

    static boolean isConv1d(DecoderConfig c, String name) {
        return c.isGpt2() && name.endsWith(".weight")
                && (name.contains(".attn.c_attn") || name.contains(".attn.c_proj") || name.contains(".mlp.c_fc")
                || name.contains(".mlp.c_proj"));
    }
}
