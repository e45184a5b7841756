package llmforge.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Property tests: any text and any bytes come back exactly; batch encoding equals one-by-one. */
class RoundTripTest {
    private static final List<ByteLevelBpeTokenizer> TOKENIZERS =
            List.of(Gpt2Fixture.tokenizer(), BpeTrainerTest.train(500, "gpt2"), BpeTrainerTest.train(500, "llama3"));

    @Test void randomUnicodeRoundTrips() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 1_000; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(50); i > 0; i--) {
                int cp = rnd.nextInt(4) == 0 ? rnd.nextInt(0x10FFFF) : rnd.nextInt(0x3000);
                if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            for (ByteLevelBpeTokenizer t : TOKENIZERS) {
                assertEquals(s, t.decode(t.encode(s)));
                assertEquals(s, t.decode(t.encode(s, true)));
            }
        }
    }

    @Test void randomBytesRoundTrip() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 1_000; trial++) {
            byte[] b = new byte[rnd.nextInt(80)];
            rnd.nextBytes(b);
            for (ByteLevelBpeTokenizer t : TOKENIZERS) assertArrayEquals(b, t.decodeBytes(t.encodeBytes(b, false)));
        }
    }

    @Test void batchEqualsOneByOne() {
        List<String> texts = new ArrayList<>();
        Random rnd = new Random(13);
        for (int i = 0; i < 200; i++) texts.add(PreTokenizerTest.randomText(rnd, 100));
        ByteLevelBpeTokenizer t = TOKENIZERS.get(0);
        List<int[]> batch = t.encodeBatch(texts, false);
        for (int i = 0; i < texts.size(); i++) assertArrayEquals(t.encode(texts.get(i)), batch.get(i));
    }

    @Test void longPiecesEncodeAndCacheGivesSameAnswer() {
        ByteLevelBpeTokenizer t = TOKENIZERS.get(0);
        String longRun = "=".repeat(5000) + " " + "a".repeat(3000);
        int[] first = t.encode(longRun);
        assertArrayEquals(first, t.encode(longRun));
        assertEquals(longRun, t.decode(first));
        byte[] invalid = {(byte) 0xff, 'a', (byte) 0xc3, ' ', (byte) 0xe4, (byte) 0xb8};
        assertArrayEquals(invalid, t.decodeBytes(t.encodeBytes(invalid, false)));
        assertEquals("\uFFFD".length(), new String(new byte[] {(byte) 0xff}, StandardCharsets.UTF_8).length());
    }
}
