package llmforge.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written GPT-2 split equals its regex; every split tiles any byte string exactly. */
class PreTokenizerTest {
    private static final Pattern GPT2 = Pattern.compile(Gpt2PreTokenizer.PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    private static final int[] INTERESTING = ("abcXYZ  \n\n\r\t'stdmrevl0189١½Ⅻ.,!?-_$€中文🚀👍🏽\u0301é\u00a0\u1680\u2003"
            + "\u2028\u3000\u0085\u000b\u001c\u200b\ufeff").codePoints().toArray();

    @Test void handWrittenGpt2SplitEqualsTheRegexOnRandomText() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            String s = randomText(rnd, rnd.nextInt(40));
            assertEquals(regexPieces(s), pieces(Gpt2PreTokenizer.INSTANCE, s), () -> "text: " + escape(s));
        }
    }

    @Test void handWrittenGpt2SplitEqualsTheRegexOnArbitraryCodePoints() {
        Random rnd = new Random(43);
        for (int trial = 0; trial < 5_000; trial++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(30); i > 0; i--) {
                int cp = rnd.nextInt(0x30000);
                if (cp >= 0xD800 && cp <= 0xDFFF) cp = ' ';
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            assertEquals(regexPieces(s), pieces(Gpt2PreTokenizer.INSTANCE, s), () -> "text: " + escape(s));
        }
    }

    @Test void knownSplits() {
        assertEquals(List.of("Hello", ",", " world", "'s", "  ", " 123", "\n", "\n", "!!"),
                pieces(Gpt2PreTokenizer.INSTANCE, "Hello, world's   123\n\n!!"));
        assertEquals(List.of("Hello", " world", " ", "123", "4", "\n\n"),
                pieces(PreTokenizer.named("llama3"), "Hello world 1234\n\n"));
    }

    @Test void splitsTileRandomBytesExactly() {
        Random rnd = new Random(5);
        List<PreTokenizer> all = List.of(Gpt2PreTokenizer.INSTANCE, PreTokenizer.named("llama3"));
        for (int trial = 0; trial < 2_000; trial++) {
            byte[] b = new byte[rnd.nextInt(60)];
            rnd.nextBytes(b);
            for (PreTokenizer p : all) {
                int[] next = {0};
                p.split(b, 0, b.length, (s, e) -> {
                    assertEquals(next[0], s);
                    if (e <= s) throw new AssertionError("empty piece");
                    next[0] = e;
                });
                assertEquals(b.length, next[0]);
            }
        }
    }

    static String randomText(Random rnd, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) sb.appendCodePoint(INTERESTING[rnd.nextInt(INTERESTING.length)]);
        return sb.toString();
    }

    private static List<String> regexPieces(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    static List<String> pieces(PreTokenizer p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        p.split(b, 0, b.length, (st, e) -> out.add(new String(b, st, e - st, StandardCharsets.UTF_8)));
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c < 128 && c >= 32 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.toString();
    }
}
