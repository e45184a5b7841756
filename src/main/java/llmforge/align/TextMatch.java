package llmforge.align;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import llmforge.tokenizer.ChatMessage;

/** Text normalisation shared by the verifiers and the judges: lower case, punctuation folded, CJK as characters. */
public final class TextMatch {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private TextMatch() {}

    static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN;
    }

    /** Lower case; every run of characters that is not a letter or digit becomes one space; CJK characters are spaced. */
    public static String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        boolean space = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isCjk(cp)) {
                if (!space) b.append(' ');
                b.appendCodePoint(cp).append(' ');
                space = true;
            } else if (Character.isLetterOrDigit(cp)) {
                b.appendCodePoint(Character.toLowerCase(cp));
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        return b.toString().strip().toLowerCase(Locale.ROOT);
    }

    public static List<String> words(String s) {
        String n = normalize(s);
        return n.isEmpty() ? List.of() : List.of(n.split(" "));
    }

    public static Set<String> wordSet(String s) { return new LinkedHashSet<>(words(s)); }

    /** Words, CJK characters counting one each: the unit of every length limit. */
    public static int length(String s) { return words(s).size(); }

    /** Whether {@code phrase} occurs in {@code text} as whole words (after normalisation). */
    public static boolean containsPhrase(String text, String phrase) {
        String p = normalize(phrase);
        if (p.isEmpty()) return false;
        return (" " + normalize(text) + " ").contains(" " + p + " ");
    }

    /** The text of the last user turn: the question an answer must answer. */
    public static String lastUser(List<ChatMessage> prompt) {
        for (int i = prompt.size() - 1; i >= 0; i--) if (prompt.get(i).role().equals("user")) return prompt.get(i).content();
        return "";
    }

    /** The question repeated back, whole or in part (a run of its words); a reordering, like a sorted list, is not. */
    public static boolean echoes(List<ChatMessage> prompt, String answer) {
        String a = normalize(answer);
        return !a.isEmpty() && (" " + normalize(lastUser(prompt)) + " ").contains(" " + a + " ");
    }

    public static List<Long> integers(String s) {
        List<Long> out = new ArrayList<>();
        Matcher m = INTEGER.matcher(s);
        while (m.find()) {
            try {
                out.add(Long.parseLong(m.group()));
            } catch (NumberFormatException e) {
                // a digit run too long for a long is no answer to our small-number tasks
            }
        }
        return out;
    }
}
