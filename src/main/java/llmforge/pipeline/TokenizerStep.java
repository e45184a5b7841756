package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerConfig;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.TrainingCorpus;
import llmforge.tokenizer.TrainingProgress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tokenizer stage: byte-level BPE with the chat tokens, trained on the listed files and folders. */
final class TokenizerStep implements PipelineStep<TokenizerStep.Config> {
    /**
     * @param inputs       files or folders to train on (.txt, .jsonl with "text", optionally .gz)
     * @param vocabSize    tokens wanted, the four special tokens included
     * @param minFrequency a pair seen fewer times is never merged
     * @param regex        pre-tokenizer split: gpt2 or llama3
     */
    record Config(List<String> inputs, Integer vocabSize, Long minFrequency, String regex) {
        Config {
            if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("'inputs' must list the files or folders to train on");
            inputs = List.copyOf(inputs);
            vocabSize = vocabSize == null ? 4096 : vocabSize;
            minFrequency = minFrequency == null ? 2L : minFrequency;
            regex = regex == null ? "gpt2" : regex;
            if (vocabSize < 260) throw new IllegalArgumentException("'vocab_size' must be at least 260 (256 bytes and the special tokens)");
            if (!regex.equals("gpt2") && !regex.equals("llama3")) throw new IllegalArgumentException("'regex' must be gpt2 or llama3, not '" + regex + "'");
        }
    }

    @Override public String name() { return StageNames.TOKENIZER; }

    @Override public Class<Config> configType() { return Config.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(); }

    @Override public List<String> wiredKeys() { return List.of(); }

    @Override public void wire(ObjectNode config, Upstream upstream, Path dir) {}

    @Override public Map<String, Path> resolveFiles(ObjectNode config, Path base) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (config.get("inputs") instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String written = a.get(i).asText();
                Path p = base.resolve(written).normalize();
                a.set(i, p.toString());
                files.put(written, p);
            }
        }
        return files;
    }

    @Override public StepOutcome run(Config cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        TrainingCorpus corpus = TrainingCorpus.of(cfg.inputs().stream().map(Path::of).toList());
        Tokenizer t = BpeTrainer.train(corpus, new BpeTrainer.Options(cfg.vocabSize(), cfg.minFrequency(), PreTokenizer.named(cfg.regex()),
                SpecialToken.BPE_DEFAULTS), TrainingProgress.bars());
        Path file = dir.resolve("tokenizer.json");
        TokenizerJsonWriter.write(t, file);
        TokenizerConfig.write(t, dir.resolve("tokenizer_config.json"));
        ObjectNode summary = JsonNodeFactory.instance.objectNode().put("vocab_size", t.vocabSize());
        return new StepOutcome(false, Map.of("tokenizer", "tokenizer.json"), summary);
    }
}
