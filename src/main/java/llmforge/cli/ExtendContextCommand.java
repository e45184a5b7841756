package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.model.ContextExtension;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code llmforge extend-context --model DIR --factor F --method linear|ntk --output DIR}: the same weights with a
 * window F times longer (RoPE scaling). Measure it with {@code eval --seq-len}, fine-tune it with {@code pretrain}'s
 * {@code init:} at the longer {@code seq_len}.
 */
@Command(name = "extend-context", mixinStandardHelpOptions = true,
        description = "Stretch a RoPE (llama) model's context window by RoPE scaling (linear or NTK-aware); weights unchanged.")
public final class ExtendContextCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The model directory (config.json, model.safetensors).")
    Path model;

    @Option(names = "--factor", required = true, description = "How many times longer the new window is (e.g. 4).")
    double factor;

    @Option(names = "--method", defaultValue = "linear", description = "linear (position interpolation) or ntk (NTK-aware base); default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--output", required = true, description = "Where to write the extended model directory.")
    Path output;

    @Override public Integer call() throws Exception {
        Path cfg = model.resolve("config.json");
        if (!Files.isRegularFile(cfg)) throw new UserException(model + ": not a model directory (no config.json)");
        Decoder from = HfModelDirectory.load(model);
        DecoderConfig c;
        try {
            c = ContextExtension.extend(from.config(), factor, ContextExtension.Method.parse(method));
        } catch (IllegalArgumentException e) {
            throw new UserException("extend-context: " + e.getMessage());
        }
        Decoder to = new Decoder(c, 0);
        List<Parameter> src = from.parameters(), dst = to.parameters();
        for (int i = 0; i < src.size(); i++) dst.get(i).value().copyFrom(src.get(i).value());   // same names and shapes: RoPE has none
        JsonNode n = new ObjectMapper().readTree(cfg.toFile());
        HfModelDirectory.save(to, output, n.path("bos_token_id").asInt(0), n.path("eos_token_id").asInt(0));
        LoraMergeCommand.copyTokenizerFiles(model, output);
        System.out.printf(Locale.ROOT, "%s: context %d -> %d tokens (%s: rope_theta %.6g, rope_scaling %.6g); fine-tune it at the "
                        + "longer length with pretrain's 'init: %s' and 'seq_len: %d'%n", output, from.config().maxSeqLen(), c.maxSeqLen(),
                method.toLowerCase(Locale.ROOT), c.ropeTheta(), c.ropeScaling(), output, c.maxSeqLen());
        return 0;
    }
}
