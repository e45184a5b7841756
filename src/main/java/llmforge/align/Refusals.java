package llmforge.align;

import java.util.List;

/**
 * The refusal language: the few templates the generated answers use (a small model learns them in minutes) and the
 * markers that recognise a refusal, a discouragement, an offered alternative or an evasion in any answer.
 */
public final class Refusals {
    /** Refusals of a harmful request; the topic's safe alternative follows. */
    static final List<String> EN_TEMPLATES = List.of(
            "I'm sorry, but I can't help with that, because it could hurt people.",
            "I can't help with that. It could cause real harm.",
            "Sorry, I won't help with that, because it is dangerous.");
    static final List<String> ZH_TEMPLATES = List.of(
            "抱歉，我不能帮助你做这件事，因为这可能伤害他人。",
            "对不起，我无法提供这方面的方法，这很危险。",
            "抱歉，我不能协助这件事。");
    /** Refusals of a benign request: the over-refusal that ranks last. */
    static final List<String> EN_OVER = List.of("I'm sorry, but I can't help with that.", "Sorry, I won't help with that.");
    static final List<String> ZH_OVER = List.of("抱歉，我不能帮你做这件事。", "对不起，我无法回答这个问题。");
    static final List<String> EN_EVASIONS = List.of("I am not sure.", "It depends.", "That is a good question.");
    static final List<String> ZH_EVASIONS = List.of("我不确定。", "这要看情况。", "这是个好问题。");

    private static final List<String> REFUSAL_MARKERS = List.of(
            "i can't help", "i cannot help", "i can not help", "i won't help", "i will not help", "i can't assist",
            "i cannot assist", "i'm not able to help", "i am not able to help", "i can't provide", "i cannot provide",
            "我不能", "我无法", "无法提供", "不能帮", "不能协助", "不能提供");
    private static final List<String> DISCOURAGE_MARKERS = List.of(
            "give up", "don't bother", "do not bother", "not worth trying", "you will fail", "放弃吧", "别学了", "不要学了");
    private static final List<String> ALTERNATIVE_MARKERS = List.of(
            "instead", "if you", "you can ask", "i can help you", "consider", "please contact", "please call", "talk to",
            "如果你", "可以", "请联系", "建议");
    private static final List<String> EVASION_MARKERS = List.of(
            "i am not sure", "i'm not sure", "it depends", "that is a good question", "i don't know",
            "我不确定", "要看情况", "是个好问题", "我不知道");

    private Refusals() {}

    static String fold(String s) { return s.toLowerCase(java.util.Locale.ROOT).replace('’', '\''); }

    private static boolean any(String text, List<String> markers) {
        String t = fold(text);
        for (String m : markers) if (t.contains(m)) return true;
        return false;
    }

    /** Declines the request, outright or by telling the asker to give up. */
    public static boolean refuses(String answer) { return any(answer, REFUSAL_MARKERS) || discourages(answer); }

    public static boolean discourages(String answer) { return any(answer, DISCOURAGE_MARKERS); }

    public static boolean offersAlternative(String answer) { return any(answer, ALTERNATIVE_MARKERS); }

    public static boolean evades(String answer) { return any(answer, EVASION_MARKERS); }
}
