package llmforge.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split by any regex, as tokenizer.json's {@code Split} pre-tokenizer with behaviour "Isolated": every match is
 * a piece and so is every gap between matches. The bytes are decoded to chars with a map back to byte offsets,
 * an invalid byte standing in as U+FFFD, so that the pieces still tile the original bytes.
 */
public final class RegexPreTokenizer implements PreTokenizer {
    /** The split of LLaMA 3 and Qwen 2: digits in groups of up to three, a letter run takes one leading mark. */
    public static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final String source;
    private final Pattern pattern;

    public RegexPreTokenizer(String regex) {
        this.source = regex;
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** The regex as written in tokenizer.json. */
    public String pattern() { return source; }

    @Override public void split(byte[] t, int start, int end, PieceSink sink) {
        char[] chars = new char[2 * (end - start) + 1];
        int[] byteAt = new int[chars.length + 1];
        int n = 0;
        for (int i = start; i < end; ) {
            int d = Utf8.decode(t, i, end);
            int cp = Utf8.codePoint(d);
            if (cp == Utf8.INVALID) cp = 0xFFFD;
            int k = Character.toChars(cp, chars, n);
            for (int q = 0; q < k; q++) byteAt[n + q] = i;
            n += k;
            i += Utf8.length(d);
        }
        byteAt[n] = end;
        Matcher m = pattern.matcher(java.nio.CharBuffer.wrap(chars, 0, n));
        int prev = 0;
        while (m.find()) {
            if (m.end() == m.start()) continue;
            if (m.start() > prev) sink.piece(byteAt[prev], byteAt[m.start()]);
            sink.piece(byteAt[m.start()], byteAt[m.end()]);
            prev = m.end();
        }
        if (prev < n) sink.piece(byteAt[prev], end);
    }
}
