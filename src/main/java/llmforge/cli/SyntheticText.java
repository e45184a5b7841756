package llmforge.cli;

import java.util.Random;

/**
 * Deterministic made-up text for benchmarks when no corpus is given: Zipf-distributed invented words in sentences
 * and paragraphs, with numbers, punctuation, indented code lines, some Chinese and emoji — the mix a tokenizer
 * sees in web text, without shipping a corpus.
 */
final class SyntheticText {
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sta", "pho", "gri", "zu", "ve", "tion",
            "ing", "er", "the", "an", "or", "qu", "ble", "st", "ea", "ou", "in", "re", "de", "con", "pro", "ly", "al"};
    private static final String[] CJK = {"我们", "今天", "天气", "很好", "学习", "模型", "数据", "训练", "中文", "字节"};
    private static final String[] EMOJI = {"🚀", "🔥", "👍🏽", "😀", "🎉"};
    private static final String[] CODE = {"for (int i = 0; i < n; i++) {", "    return x * y + z;", "if err != nil {",
            "def forward(self, x):", "}", "    total += values[i] // sum"};

    private SyntheticText() {}

    static String generate(long bytes, long seed) {
        Random rnd = new Random(seed);
        String[] words = new String[20_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) w.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
            words[i] = w.toString();
        }
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, bytes + 1024));
        while (sb.length() < bytes) {
            int sentences = 2 + rnd.nextInt(6);
            for (int s = 0; s < sentences; s++) {
                int n = 4 + rnd.nextInt(18);
                for (int i = 0; i < n; i++) {
                    // Zipf-like: the k-th word is drawn with probability ~ 1/k
                    String w = words[(int) Math.min(words.length - 1, Math.exp(rnd.nextDouble() * Math.log(words.length)) - 1)];
                    if (i == 0) w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                    sb.append(w);
                    int r = rnd.nextInt(100);
                    if (r < 3) sb.append(' ').append(rnd.nextInt(100_000));
                    else if (r < 5) sb.append(", ").append(CJK[rnd.nextInt(CJK.length)]).append(CJK[rnd.nextInt(CJK.length)]);
                    else if (r < 6) sb.append(' ').append(EMOJI[rnd.nextInt(EMOJI.length)]);
                    else if (r < 10) sb.append(',');
                    else if (r < 11) sb.append("'s");
                    sb.append(i + 1 < n ? " " : rnd.nextInt(5) == 0 ? "?" : ".");
                }
                sb.append(s + 1 < sentences ? " " : "\n");
            }
            if (rnd.nextInt(8) == 0) {
                for (int k = 1 + rnd.nextInt(5); k > 0; k--) sb.append(CODE[rnd.nextInt(CODE.length)]).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
