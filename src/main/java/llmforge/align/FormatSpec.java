package llmforge.align;

import java.util.List;

/**
 * The output format a prompt asks for: {@code free} (any), {@code json} (an object with exactly {@code keys}; the
 * answer is under {@code answerKey}), {@code one_word}, or {@code max_words} (at most {@code maxWords} words).
 */
public record FormatSpec(String kind, List<String> keys, String answerKey, Integer maxWords) {
    public static final FormatSpec FREE = new FormatSpec("free", null, null, null);

    public FormatSpec {
        kind = kind == null ? "free" : kind;
        switch (kind) {
            case "free", "one_word" -> { }
            case "json" -> {
                if (keys == null || keys.isEmpty() || answerKey == null || !keys.contains(answerKey))
                    throw new IllegalArgumentException("format json needs 'keys' that include 'answer_key'");
                keys = List.copyOf(keys);
            }
            case "max_words" -> {
                if (maxWords == null || maxWords < 1) throw new IllegalArgumentException("format max_words needs 'max_words' >= 1");
            }
            default -> throw new IllegalArgumentException("format kind '" + kind + "': expected free, json, one_word or max_words");
        }
    }

    public static FormatSpec json(List<String> keys, String answerKey) { return new FormatSpec("json", keys, answerKey, null); }
    public static FormatSpec oneWord() { return new FormatSpec("one_word", null, null, null); }
    public static FormatSpec maxWords(int n) { return new FormatSpec("max_words", null, null, n); }
}
