package llmforge.align;

import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Output-format variants of the word and arithmetic tasks: "answer in JSON with keys ...", "answer in one word",
 * "in at most N words". The meta's format travels with the prompt so the judge checks it.
 */
final class FormatTasks {
    static final List<String> KINDS = List.of("format_json", "format_one_word", "format_max_words");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FormatTasks() {}

    /** The base families each format applies to. */
    static List<String> baseFamilies(String kind) {
        return switch (kind) {
            case "format_json" -> List.of("define", "synonym", "antonym", "hypernym", "add", "subtract");
            case "format_one_word" -> List.of("synonym", "antonym", "hypernym", "add", "subtract");
            case "format_max_words" -> List.of("define");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Dresses a draft in a format; null when the draft's answer cannot satisfy it (a two-word hypernym in one word). */
    static Draft apply(String kind, Draft d, Random rng) {
        String key = d.meta().item().startsWith("word:") ? "word" : "expression";
        String question;
        FormatSpec f;
        switch (kind) {
            case "format_json" -> {
                f = FormatSpec.json(List.of(key, "answer"), "answer");
                question = d.question() + " Answer in JSON with keys \"" + key + "\" and \"answer\".";
            }
            case "format_one_word" -> {
                if (TextMatch.words(d.bare()).size() != 1) return null;
                f = FormatSpec.oneWord();
                question = d.question() + WordTasks.pick(rng, " Answer in one word.", " Reply with one word only.");
            }
            case "format_max_words" -> {
                int n = TextMatch.length(d.bare());
                if (n > 12) return null;
                f = FormatSpec.maxWords(((n + 2) / 5 + 1) * 5);
                question = d.question() + " Use at most " + f.maxWords() + " words.";
            }
            default -> throw new IllegalArgumentException(kind);
        }
        TaskMeta m = d.meta().withFormat(f, d.meta().lengthBudget());
        String answer = render(m, d, false);
        // second best: the right answer as plain prose, which breaks a JSON or one-word format (a word limit is broken by padding)
        String plain = kind.equals("format_max_words") ? null : d.answer();
        return new Draft(question, m.withFormat(f, ArithmeticTasks.budget(answer)), answer, d.bare(), d.wrongAnswer(), d.wrongBare(), plain);
    }

    /** The best (or, with {@code wrong}, the wrong) answer in the meta's format. */
    static String render(TaskMeta m, Draft d, boolean wrong) {
        String bare = wrong ? d.wrongBare() : d.bare();
        return switch (m.format().kind()) {
            case "free" -> wrong ? d.wrongAnswer() : d.answer();
            case "one_word" -> bare;
            case "max_words" -> WordTasks.capitalize(bare) + ".";
            case "json" -> {
                var o = JSON.createObjectNode();
                o.put(m.format().keys().getFirst(), m.item().substring(m.item().indexOf(':') + 1));
                o.put(m.format().answerKey(), bare);
                yield o.toString();
            }
            default -> throw new IllegalStateException(m.format().kind());
        };
    }
}
