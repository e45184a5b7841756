package llmforge.tokenizer;

import llmforge.io.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerJsonTest {
    @TempDir Path dir;

    @Test void writtenFilesRoundTripUnchanged() throws Exception {
        for (Tokenizer t : new Tokenizer[] {BpeTrainerTest.train(400, "gpt2"), BpeTrainerTest.train(400, "llama3"),
                WordPieceTest.train(true), Gpt2Fixture.tokenizer()}) {
            Path f = dir.resolve("tokenizer.json");
            TokenizerJsonWriter.write(t, f);
            Tokenizer back = TokenizerJsonReader.read(f);
            String once = Files.readString(f);
            TokenizerJsonWriter.write(back, f);
            assertEquals(once, Files.readString(f));
            Tokenizer again = TokenizerJsonReader.read(f);
            assertEquals(t.getClass(), again.getClass());
            assertArrayEquals(t.encode(Gpt2Fixture.MIXED, true), again.encode(Gpt2Fixture.MIXED, true));
        }
    }

    @Test void writesTheHuggingFaceLayout() throws Exception {
        String json = TokenizerJsonWriter.toJson(BpeTrainerTest.train(300, "llama3"));
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals("BPE", root.at("/model/type").asText());
        assertEquals("Sequence", root.at("/pre_tokenizer/type").asText());
        assertEquals("Split", root.at("/pre_tokenizer/pretokenizers/0/type").asText());
        assertEquals(RegexPreTokenizer.LLAMA3_PATTERN, root.at("/pre_tokenizer/pretokenizers/0/pattern/Regex").asText());
        assertEquals(false, root.at("/pre_tokenizer/pretokenizers/1/use_regex").asBoolean());
        assertEquals("ByteLevel", root.at("/decoder/type").asText());
        assertEquals(0, root.at("/model/vocab/<|endoftext|>").asInt());
        assertEquals(4 + ' ', root.at("/model/vocab/Ġ").asInt());
        assertTrue(root.at("/model/merges/0").isArray());
        assertEquals("<|im_end|>", root.at("/added_tokens/3/content").asText());
        assertTrue(root.at("/added_tokens/3/special").asBoolean());
    }

    @Test void readsBothMergeForms() {
        String pairs = TokenizerJsonWriter.toJson(BpeTrainerTest.train(300, "gpt2"));
        var t1 = TokenizerJsonReader.parse(pairs, "pairs.json");
        String strings = pairs.replaceAll("\\[ \"([^\"]*)\", \"([^\"]*)\" \\]", "\"$1 $2\"");
        assertTrue(!strings.equals(pairs));
        var t2 = TokenizerJsonReader.parse(strings, "strings.json");
        assertArrayEquals(t1.encode(Gpt2Fixture.MIXED), t2.encode(Gpt2Fixture.MIXED));
    }

    @Test void malformedFilesNameTheKey() {
        assertMessage("{}", "missing key 'model'");
        assertMessage("{\"model\": {\"type\": \"Unigram\"}}", "model.type 'Unigram' is not supported");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": []}}", "key 'model.vocab': expected an object");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"x\"}}}", "key 'model.vocab[\"a\"]': expected a non-negative integer id");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b c\"]}}", "key 'model.merges[0]'");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [[\"a\", \"q\"]]}}", "'q' is not");
        assertMessage("{\"added_tokens\": [{\"id\": 1}], \"model\": {\"type\": \"BPE\"}}", "missing key 'added_tokens[0].content'");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"Metaspace\"}}",
                "key 'pre_tokenizer.type'");
        assertMessage("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}",
                "lacks the single byte");
        assertMessage("{\"model\": ", "not valid JSON");
    }

    private static void assertMessage(String json, String expected) {
        UserException e = assertThrows(UserException.class, () -> TokenizerJsonReader.parse(json, "bad.json"));
        assertTrue(e.getMessage().startsWith("bad.json"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
