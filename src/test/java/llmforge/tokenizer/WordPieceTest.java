package llmforge.tokenizer;

import llmforge.io.UserException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPieceTest {
    static WordPieceTokenizer train(boolean lowercase) {
        return WordPieceTrainer.train(BpeTrainerTest.corpus(), new WordPieceTrainer.Options(400, 2, lowercase));
    }

    @Test void specialsFirstThenAlphabetWithContinuations() {
        WordPieceTokenizer t = train(true);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), t.vocab().subList(0, 5));
        assertTrue(t.tokenId("t") > 4 && t.tokenId("##t") > 4);
        assertEquals(400, t.vocabSize());
        int whole = t.tokenId("tokenizer");
        assertTrue(whole > 0, "a frequent word is one piece");
    }

    @Test void encodesWithContinuationPiecesAndUnknowns() {
        List<String> vocab = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "run", "##ning", ",", "!");
        WordPieceTokenizer t = new WordPieceTokenizer(vocab, true);
        assertArrayEquals(new int[] {5, 6, 7, 10, 8, 9, 11}, t.encode("Unaffable, RUNNING!"));
        assertArrayEquals(new int[] {1, 8, 9}, t.encode("unknownword running"));
        assertArrayEquals(new int[] {2, 8, 3}, t.encodeForModel("run"));
        assertArrayEquals(new int[] {8, 4, 8}, t.encode("run [MASK] run", true));
        assertEquals("unaffable, running!", t.decode(new int[] {5, 6, 7, 10, 8, 9, 11}));
        assertArrayEquals(new int[] {1}, t.encode("a".repeat(101)));
    }

    @Test void normalizerAndSplit() {
        BertNormalizer lower = new BertNormalizer(true);
        assertEquals("cafe  中  文 ", lower.normalize("Café\t中文"));
        List<String> words = new java.util.ArrayList<>();
        BertPreTokenizer.split("hello, world!! (x)", words::add);
        assertEquals(List.of("hello", ",", "world", "!", "!", "(", "x", ")"), words);
    }

    @Test void casedKeepsCase() {
        WordPieceTokenizer t = train(false);
        assertTrue(t.tokenId("I") > 0);
        String text = "the token learns";
        assertEquals(text, t.decode(t.encode(text)));
    }

    @Test void trainingIsDeterministicAndRefusesBadSizes() {
        assertEquals(train(true).vocab(), train(true).vocab());
        UserException e = assertThrows(UserException.class,
                () -> WordPieceTrainer.train(BpeTrainerTest.corpus(), new WordPieceTrainer.Options(10, 1, true)));
        assertTrue(e.getMessage().contains("smaller than the corpus's character alphabet"), e.getMessage());
    }
}
