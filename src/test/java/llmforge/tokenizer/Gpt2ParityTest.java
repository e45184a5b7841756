package llmforge.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GPT-2's real vocabulary, read from a tokenizer.json, gives jtokkit's r50k_base ids, id for id. */
class Gpt2ParityTest {
    private static final Encoding JTOKKIT = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    private static final ByteLevelBpeTokenizer GPT2 = Gpt2Fixture.tokenizer();

    @Test void loadsTheFullVocabulary() {
        assertEquals(50257, GPT2.vocabSize());
        assertEquals(50256, GPT2.tokenId("<|endoftext|>"));
        assertEquals(262, GPT2.tokenId("Ġthe"));
        assertEquals(50000, GPT2.model().merges().size());
    }

    @Test void mixedCorpusMatchesJtokkit() {
        for (String line : Gpt2Fixture.MIXED.split("(?<=\n)")) assertSame(line);
        assertSame(Gpt2Fixture.MIXED);
        assertSame(Gpt2Fixture.MIXED.repeat(3));
    }

    @Test void knownIds() {
        // "Hello world" is [15496, 995] in GPT-2
        assertArrayEquals(new int[] {15496, 995}, GPT2.encode("Hello world"));
    }

    @Test void randomTextMatchesJtokkit() {
        Random rnd = new Random(7);
        String alphabet = "aeiou xyzABC  \n\t'sltdmrev0123456789.,;!?-_()[]{}\"@#中文字🚀👍🏽é\u00a0\u3000\u2028ÅΩж";
        int[] cps = alphabet.codePoints().toArray();
        for (int trial = 0; trial < 300; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(80);
            for (int i = 0; i < len; i++) sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
            assertSame(sb.toString());
        }
    }

    @Test void specialTokenOnlyWhenAsked() {
        String text = "end<|endoftext|>start";
        int[] plain = GPT2.encode(text);
        assertArrayEquals(JTOKKIT.encodeOrdinary(text).toArray(), plain);
        int[] special = GPT2.encode(text, true);
        assertArrayEquals(new int[] {437, 50256, 9688}, special);
        assertEquals(text, GPT2.decode(special));
    }

    private static void assertSame(String text) {
        int[] expected = JTOKKIT.encodeOrdinary(text).toArray();
        int[] actual = GPT2.encode(text);
        assertArrayEquals(expected, actual, () -> "ids differ for: " + text);
        assertEquals(text, GPT2.decode(actual));
    }
}
