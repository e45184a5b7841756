package llmforge.align;

import java.util.List;

/**
 * What travels with every prompt so that any answer can be scored later ({@link GoldJudge}).
 *
 * @param family       task family: define, synonym, antonym, hypernym, example, add, subtract, sort, count, reverse,
 *                     poem, harmful, benign
 * @param lang         {@code en} or {@code zh}
 * @param item         the word / item the prompt is about; splits never share one
 * @param expected     accepted answers (any one is correct); for {@code sort} the one sorted list; for {@code example}
 *                     the word that must appear; for {@code benign} the key points a helpful answer covers
 * @param wrong        answers that make a response wrong even if it also contains an expected one (e.g. the
 *                     antonyms in a synonym task), so that listing every candidate does not pass
 * @param format       the requested output format
 * @param lengthBudget words (CJK characters count one each) beyond which an answer is too long
 */
public record TaskMeta(String family, String lang, String item, List<String> expected, List<String> wrong,
                       FormatSpec format, Integer lengthBudget) {
    public static final List<String> FAMILIES = List.of("define", "synonym", "antonym", "hypernym", "example",
            "add", "subtract", "sort", "count", "reverse", "poem", "harmful", "benign");

    public TaskMeta {
        if (family == null || !FAMILIES.contains(family))
            throw new IllegalArgumentException("meta.family '" + family + "': expected one of " + FAMILIES);
        lang = lang == null ? "en" : lang;
        if (!lang.equals("en") && !lang.equals("zh")) throw new IllegalArgumentException("meta.lang '" + lang + "': expected en or zh");
        item = item == null ? "" : item;
        expected = expected == null ? List.of() : List.copyOf(expected);
        wrong = wrong == null ? List.of() : List.copyOf(wrong);
        format = format == null ? FormatSpec.FREE : format;
        lengthBudget = lengthBudget == null ? 40 : lengthBudget;
        if (expected.isEmpty() && !family.equals("harmful"))
            throw new IllegalArgumentException("meta.expected must not be empty for family " + family);
        if (lengthBudget < 1) throw new IllegalArgumentException("meta.length_budget must be at least 1");
    }

    public boolean harmful() { return family.equals("harmful"); }

    public TaskMeta withFormat(FormatSpec f, int budget) { return new TaskMeta(family, lang, item, expected, wrong, f, budget); }
}
