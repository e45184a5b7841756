package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.model.Decoder;
import llmforge.model.Encoder;
import llmforge.model.HfEncoderDirectory;
import llmforge.model.HfModelDirectory;
import llmforge.model.PeftAdapterDirectory;
import llmforge.nn.Lora;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code llmforge lora merge}: folds a PEFT LoRA adapter into its base model and writes a plain model directory. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge a LoRA adapter (PEFT layout) into the base model's weights; write a standalone model directory.")
public final class LoraMergeCommand implements Callable<Integer> {
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt", "vocab.txt");

    @Option(names = "--model", description = "The base model directory (default: the adapter's base_model_name_or_path).")
    Path model;

    @Option(names = "--adapter", required = true, description = "The adapter directory (adapter_config.json, adapter_model.safetensors).")
    Path adapter;

    @Option(names = "--output", required = true, description = "Where to write the merged model.")
    Path output;

    @Override public Integer call() throws Exception {
        if (model == null) {
            String base = PeftAdapterDirectory.baseModel(adapter);
            if (base == null || !Files.isDirectory(Path.of(base))) {
                throw new UserException(adapter + ": the adapter names no base model directory that exists here ("
                        + base + "); pass --model");
            }
            model = Path.of(base);
        }
        Path cfg = model.resolve("config.json");
        if (!Files.isRegularFile(cfg)) throw new UserException(model + ": not a model directory (no config.json)");
        JsonNode n = new ObjectMapper().readTree(cfg.toFile());
        int adapted;
        if (n.path("model_type").asText().equals("bert")) {
            Encoder m = HfEncoderDirectory.load(model);
            Lora lora = PeftAdapterDirectory.load(m, adapter);
            adapted = lora.modules().size();
            lora.merge(m);
            HfEncoderDirectory.save(m, output);
        } else {
            Decoder m = HfModelDirectory.load(model);
            Lora lora = PeftAdapterDirectory.load(m, adapter);
            adapted = lora.modules().size();
            lora.merge(m);
            HfModelDirectory.save(m, output, n.path("bos_token_id").asInt(0), n.path("eos_token_id").asInt(0));
        }
        copyTokenizerFiles(model, output);
        System.out.println("merged " + adapted + " adapted modules into " + output);
        return 0;
    }

    /** The tokenizer files a model directory carries, copied to a derived model's directory. */
    static void copyTokenizerFiles(Path from, Path to) throws java.io.IOException {
        for (String f : TOKENIZER_FILES) {
            Path src = from.resolve(f);
            if (Files.isRegularFile(src)) llmforge.io.AtomicFiles.write(to.resolve(f), out -> Files.copy(src, out));
        }
    }
}
