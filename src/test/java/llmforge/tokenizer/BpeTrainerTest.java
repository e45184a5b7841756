package llmforge.tokenizer;

import llmforge.io.UserException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTrainerTest {
    static List<String> corpus() {
        List<String> docs = new ArrayList<>();
        Random rnd = new Random(1);
        String[] words = {"the", "token", "tokenizer", "learns", "merges", "from", "text", "中文", "字节", "🚀", "data",
                "pipeline", "java", "byte", "pair", "encoding", "1234", "it's", "we're", "  ", "\n", "I"};
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sta", "pho", "gri", "zu", "ve", "tion", "ing", "er"};
        for (int d = 0; d < 200; d++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                if (rnd.nextBoolean()) sb.append(words[rnd.nextInt(words.length)]);
                else for (int k = 1 + rnd.nextInt(3); k > 0; k--) sb.append(syllables[rnd.nextInt(syllables.length)]);
                sb.append(rnd.nextInt(4) == 0 ? ", " : " ");
            }
            docs.add(sb.toString());
        }
        docs.add(Gpt2Fixture.MIXED);
        return docs;
    }

    static ByteLevelBpeTokenizer train(int vocab, String regex) {
        return BpeTrainer.train(corpus(), new BpeTrainer.Options(vocab, 2, PreTokenizer.named(regex), SpecialToken.BPE_DEFAULTS));
    }

    @Test void reservesSpecialTokensAndBytesThenLearnsMerges() {
        ByteLevelBpeTokenizer t = train(500, "gpt2");
        assertEquals(500, t.vocabSize());
        assertEquals(0, t.tokenId("<|endoftext|>"));
        assertEquals(1, t.tokenId("<|pad|>"));
        assertEquals(2, t.tokenId("<|im_start|>"));
        assertEquals(3, t.tokenId("<|im_end|>"));
        assertEquals(4 + 'a', t.tokenId("a"));
        int id = t.tokenId("Ġtokenizer");
        assertTrue(id >= 260, "a frequent word becomes one token");
        assertArrayEquals(new int[] {id}, t.encode(" tokenizer"));
    }

    @Test void trainingIsDeterministic() {
        for (String regex : List.of("gpt2", "llama3")) {
            String a = TokenizerJsonWriter.toJson(train(400, regex));
            String b = TokenizerJsonWriter.toJson(train(400, regex));
            assertEquals(a, b);
        }
    }

    @Test void encodeMatchesTheTrainedMergesOnTheCorpus() {
        ByteLevelBpeTokenizer t = train(600, "gpt2");
        for (String doc : corpus()) assertEquals(doc, t.decode(t.encode(doc)));
        // training text compresses: fewer tokens than bytes
        String doc = corpus().get(0);
        assertTrue(t.encode(doc).length * 2 < doc.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test void minimumFrequencyStopsEarly() {
        ByteLevelBpeTokenizer t = BpeTrainer.train(List.of("ab ab ab cd"),
                new BpeTrainer.Options(1000, 3, PreTokenizer.named("gpt2"), List.of()));
        // a+b is seen 3 times and merges; Ġ+ab only twice (the first "ab" has no leading space), so it stops
        assertEquals(257, t.vocabSize());
        assertEquals(256, t.tokenId("ab"));
        assertEquals(-1, t.tokenId("Ġab"));
    }

    @Test void refusesTooSmallVocabularyAndEmptyCorpus() {
        UserException small = assertThrows(UserException.class, () -> train(259, "gpt2"));
        assertTrue(small.getMessage().contains("smaller than the 256-byte alphabet plus 4 special tokens"), small.getMessage());
        UserException empty = assertThrows(UserException.class, () -> BpeTrainer.train(List.of("", ""),
                new BpeTrainer.Options(300, 1, PreTokenizer.named("gpt2"), List.of())));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test void specialTokenTextInTheCorpusIsNeverLearned() {
        ByteLevelBpeTokenizer t = BpeTrainer.train(List.of("x<|im_end|>y ".repeat(500)),
                new BpeTrainer.Options(400, 1, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
        for (int id = 260; id < t.vocabSize(); id++) assertTrue(!t.token(id).contains("|"), t.token(id));
        assertTrue(t.vocabSize() > 260, "the text around the special tokens is learned");
        assertEquals(3, t.tokenId("<|im_end|>"));
    }
}
