package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.autograd.Parameter;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.nn.Init;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate / chat on a tiny model saved as an HF directory with a small trained tokenizer. */
class GenerateCliTest {
    @TempDir static Path dir;
    static Path modelDir;

    @BeforeAll static void saveTinyModel() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) texts.add("the quick brown fox " + i + " jumps over the lazy dog, said the user");
        Tokenizer tok = BpeTrainer.train(texts, new BpeTrainer.Options(300, 2, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
        Decoder model = new Decoder(new DecoderConfig("gpt2", 300, 128, 32, 2, 4, 4, 64, true, 0f, 1e-5f, 10000, 1), 3);
        for (Parameter p : model.parameters()) if (p.shape().length >= 2) Init.normal(p, 3, 0.3);
        modelDir = dir.resolve("model");
        HfModelDirectory.save(model, modelDir, 0, 0);
        TokenizerJsonWriter.write(tok, modelDir.resolve("tokenizer.json"));
    }

    static String greedy(LoadedModel m, int[] ids, int max) {
        GenerationConfig c = new GenerationConfig(max, SamplingConfig.GREEDY, 0, m.eosIds(), List.of());
        Generation g = Generator.cached(m.model(), m.tokenizer()).generate(List.of(ids), c).get(0);
        return g.text();
    }

    @Test void eosIdsComeFromTheConfigAndTheChatTemplate() {
        assertArrayEquals(new int[] {0, 3}, LoadedModel.load(modelDir).eosIds());
    }

    @Test void batchedJsonlInAndOut() throws Exception {
        Path in = dir.resolve("prompts.jsonl"), out = dir.resolve("out/answers.jsonl");
        Files.writeString(in, """
                {"prompt": "the quick brown", "id": 7}
                {"prompt": "fox"}

                {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "the lazy dog"}]}
                """);
        CliRun r = run("", "generate", "--model", modelDir.toString(), "--input", in.toString(), "--output",
                out.toString(), "--temperature", "0", "--max-tokens", "12", "--batch-size", "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        ObjectMapper json = new ObjectMapper();
        LoadedModel m = LoadedModel.load(modelDir);
        JsonNode first = json.readTree(lines.get(0));
        assertEquals(7, first.get("id").asInt());
        assertEquals(greedy(m, m.tokenizer().encode("the quick brown"), 12), first.get("response").asText());
        assertEquals(greedy(m, m.tokenizer().encode("fox"), 12), json.readTree(lines.get(1)).get("response").asText());
        int[] chat = new ChatTemplate(m.tokenizer()).render(List.of(new ChatMessage("system", "be brief"),
                new ChatMessage("user", "the lazy dog")), true).ids();
        JsonNode third = json.readTree(lines.get(2));
        assertEquals(greedy(m, chat, 12), third.get("response").asText());
        assertEquals("be brief", third.get("messages").get(0).get("content").asText());
    }

    @Test void chatRendersBatchedPromptsAsUserTurns() throws Exception {
        Path in = dir.resolve("chat-prompts.jsonl"), out = dir.resolve("out/chat-answers.jsonl");
        Files.writeString(in, "{\"prompt\": \"the quick brown\"}\n");
        CliRun r = run("", "generate", "--model", modelDir.toString(), "--input", in.toString(), "--output",
                out.toString(), "--chat", "--temperature", "0", "--max-tokens", "12");
        assertEquals(0, r.code(), r.err());
        LoadedModel m = LoadedModel.load(modelDir);
        int[] ids = new ChatTemplate(m.tokenizer()).render(List.of(new ChatMessage("user", "the quick brown")), true).ids();
        String expected = greedy(m, ids, 12);
        assertTrue(!expected.equals(greedy(m, m.tokenizer().encode("the quick brown"), 12)), "the test needs the two renderings to differ");
        assertEquals(expected, new ObjectMapper().readTree(Files.readAllLines(out).get(0)).get("response").asText());
    }

    @Test void singlePromptStreamsTheAnswer() {
        CliRun r = run("", "generate", "--model", modelDir.toString(), "--prompt", "the quick", "--temperature", "0",
                "--max-tokens", "10");
        assertEquals(0, r.code(), r.err());
        LoadedModel m = LoadedModel.load(modelDir);
        assertEquals(greedy(m, m.tokenizer().encode("the quick"), 10) + "\n", r.out());
        CliRun c = run("", "generate", "--model", modelDir.toString(), "--prompt", "the quick", "--chat",
                "--temperature", "0", "--max-tokens", "10");
        int[] ids = new ChatTemplate(m.tokenizer()).render(List.of(new ChatMessage("user", "the quick")), true).ids();
        assertEquals(greedy(m, ids, 10) + "\n", c.out());
    }

    @Test void chatKeepsHistoryUntilReset() {
        CliRun r = run("the lazy dog\nfox\n/reset\nfox\n/exit\nnever read\n", "chat", "--model", modelDir.toString(),
                "--system", "be brief", "--temperature", "0", "--max-tokens", "6");
        assertEquals(0, r.code(), r.err());
        LoadedModel m = LoadedModel.load(modelDir);
        ChatTemplate t = new ChatTemplate(m.tokenizer());
        ChatMessage sys = new ChatMessage("system", "be brief");
        String a1 = greedy(m, t.render(List.of(sys, new ChatMessage("user", "the lazy dog")), true).ids(), 6);
        String a2 = greedy(m, t.render(List.of(sys, new ChatMessage("user", "the lazy dog"),
                new ChatMessage("assistant", a1), new ChatMessage("user", "fox")), true).ids(), 6);
        String a3 = greedy(m, t.render(List.of(sys, new ChatMessage("user", "fox")), true).ids(), 6);
        assertEquals(a1 + "\n" + a2 + "\n" + a3 + "\n", r.out());
    }

    @Test void userMistakesAreOneLine() throws Exception {
        Path noTok = Files.createDirectories(dir.resolve("notok"));
        Files.copy(modelDir.resolve("config.json"), noTok.resolve("config.json"));
        CliRun r = run("", "generate", "--model", noTok.toString(), "--prompt", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no tokenizer.json"), r.err());

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"ok\"}\n{\"text\": \"no prompt\"}\n");
        r = run("", "generate", "--model", modelDir.toString(), "--input", bad.toString(), "--output", dir.resolve("o.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.jsonl:2: expected a \"prompt\" string or a \"messages\" list"), r.err());

        r = run("", "generate", "--model", modelDir.toString(), "--prompt", "the quick", "--max-tokens", "200");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("exceeds the model's context of 128 tokens"), r.err());
        r = run("", "generate", "--model", modelDir.toString(), "--prompt", "x", "--top-p", "0");
        assertTrue(r.err().contains("top-p must be in (0, 1]"), r.err());
    }

    private static CliRun run(String stdin, String... args) { return CliRun.run(stdin, args); }
}
