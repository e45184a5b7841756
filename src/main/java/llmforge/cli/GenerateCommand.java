package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;
import llmforge.io.UserException;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llmforge generate}: continue one prompt, streaming the text to stdout, or answer every line of a JSONL
 * file in batches (the output repeats each input object with a {@code "response"} added).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text from a model directory: one --prompt (streamed) or a JSONL --input file (batched).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (config.json, model.safetensors, tokenizer.json).")
    Path modelDir;
    @Option(names = "--prompt", description = "The prompt text.")
    String prompt;
    @Option(names = "--chat", description = "Render --prompt (or an --input line's \"prompt\") as a user turn of the chat template and answer as the assistant.")
    boolean chat;
    @Option(names = "--input", description = "JSONL file of {\"prompt\": ...} or {\"messages\": [...]} lines.")
    Path input;
    @Option(names = "--output", description = "JSONL file to write (with --input).")
    Path output;
    @Option(names = "--batch-size", defaultValue = "8", description = "Prompts generated together with --input (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Mixin SamplingOptions sampling;

    @Override public Integer call() throws Exception {
        if ((prompt == null) == (input == null)) throw new UserException("give exactly one of --prompt and --input");
        if (input != null && output == null) throw new UserException("--input needs --output");
        if (batchSize < 1) throw new UserException("--batch-size must be >= 1, got " + batchSize);
        LoadedModel m = LoadedModel.load(modelDir);
        GenerationConfig config = sampling.config(m.eosIds());
        if (prompt != null) return single(m, config);
        batched(m, config);
        return 0;
    }

    private int single(LoadedModel m, GenerationConfig config) {
        int[] ids = chat ? new ChatTemplate(m.tokenizer()).render(List.of(new ChatMessage("user", prompt)), true).ids()
                : m.tokenizer().encode(prompt);
        checkFits(m, ids, config, "--prompt");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Generation g = Generator.cached(m.model(), m.tokenizer()).generate(List.of(ids), config, 0,
                (row, piece) -> out.print(piece)).get(0);
        out.println();
        double s = (System.nanoTime() - start) / 1e9;
        System.err.printf("[%d tokens in %.1f s, %.1f tokens/s, finished by %s]%n", g.tokens().length, s,
                g.tokens().length / s, g.finish().name().toLowerCase());
        return 0;
    }

    private void batched(LoadedModel m, GenerationConfig config) throws Exception {
        List<PromptFile.Entry> entries = PromptFile.read(input);
        ChatTemplate template = new ChatTemplate(m.tokenizer());
        List<int[]> prompts = new ArrayList<>();
        for (PromptFile.Entry e : entries) {
            int[] ids = e.prompt() == null ? template.render(e.messages(), true).ids()
                    : chat ? template.render(List.of(new ChatMessage("user", e.prompt())), true).ids()
                    : m.tokenizer().encode(e.prompt());
            checkFits(m, ids, config, input + ":" + e.line());
            prompts.add(ids);
        }
        Generator generator = Generator.cached(m.model(), m.tokenizer());
        ObjectMapper json = new ObjectMapper();
        StringBuilder result = new StringBuilder();
        try (ProgressBar bar = new ProgressBar("generate", entries.size(), "prompts")) {
            for (int from = 0; from < entries.size(); from += batchSize) {
                int to = Math.min(entries.size(), from + batchSize);
                List<Generation> gens = generator.generate(prompts.subList(from, to), config, from, null);
                for (int i = from; i < to; i++) {
                    ObjectNode o = entries.get(i).json().deepCopy();
                    o.put("response", gens.get(i - from).text());
                    o.put("finish_reason", gens.get(i - from).finish().name().toLowerCase());
                    result.append(json.writeValueAsString(o)).append('\n');
                }
                bar.update(to);
            }
        }
        AtomicFiles.writeString(output, result.toString());
    }

    static void checkFits(LoadedModel m, int[] ids, GenerationConfig config, String where) {
        int context = m.model().config().maxSeqLen();
        if (ids.length == 0) throw new UserException(where + ": the prompt is empty");
        if (ids.length + config.maxNewTokens() - 1 > context) {
            throw new UserException(where + ": the prompt has " + ids.length + " tokens; with --max-tokens "
                    + config.maxNewTokens() + " that exceeds the model's context of " + context + " tokens");
        }
    }
}
