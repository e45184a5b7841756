package llmforge.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The measurements the quality filters judge a (normalised) document by, computed in one pass over its words and lines. */
final class TextStats {
    private static final Set<String> STOP_WORDS = Set.of("the", "be", "to", "of", "and", "that", "have", "with");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");

    final String text;
    final Script script;
    final List<String> lines = new ArrayList<>();
    /** Lower-cased words with surrounding punctuation stripped; empty ones dropped. */
    final List<String> words = new ArrayList<>();
    int whitespaceTokens;
    double meanWordLength;
    int symbols;
    int cjkChars, nonSpaceChars;
    int stopWords;
    int urls;

    TextStats(String text) {
        this.text = text;
        this.script = Script.detect(text);
        for (String line : text.split("\n")) if (!line.isBlank()) lines.add(line.strip());
        Set<String> stopSeen = new HashSet<>();
        long wordChars = 0;
        for (String token : text.split("\\s+")) {
            if (token.isEmpty()) continue;
            whitespaceTokens++;
            String w = stripPunctuation(token).toLowerCase(Locale.ROOT);
            if (w.isEmpty()) continue;
            words.add(w);
            wordChars += w.codePointCount(0, w.length());
            if (STOP_WORDS.contains(w)) stopSeen.add(w);
        }
        meanWordLength = words.isEmpty() ? 0 : (double) wordChars / words.size();
        stopWords = stopSeen.size();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '#' || cp == '\u2026') symbols++;
            if (!Character.isWhitespace(cp)) nonSpaceChars++;
            if (Script.isCjk(cp)) cjkChars++;
        }
        for (int i = text.indexOf("..."); i >= 0; i = text.indexOf("...", i + 3)) symbols++;
        Matcher m = URL.matcher(text);
        while (m.find()) urls++;
    }

    private static String stripPunctuation(String token) {
        int a = 0, b = token.length();
        while (a < b && !Character.isLetterOrDigit(token.charAt(a))) a++;
        while (b > a && !Character.isLetterOrDigit(token.charAt(b - 1))) b--;
        return token.substring(a, b);
    }

    /** Words for counting purposes: CJK characters each count as one word, as they carry no spaces. */
    int wordCount() { return script == Script.CJK ? cjkChars + Math.max(0, words.size() - countCjkWords()) : words.size(); }

    private int countCjkWords() {
        int n = 0;
        for (String w : words) if (!w.isEmpty() && Script.isCjk(w.codePointAt(0))) n++;
        return n;
    }

    /** CJK characters among all visible ones (punctuation and symbols included), so symbol soup does not pass. */
    double cjkShare() { return nonSpaceChars == 0 ? 0 : (double) cjkChars / nonSpaceChars; }

    double symbolWordRatio() { return whitespaceTokens == 0 ? 0 : (double) symbols / whitespaceTokens; }

    double urlsPerWord() { return whitespaceTokens == 0 ? 0 : (double) urls / whitespaceTokens; }

    double lineShare(java.util.function.Predicate<String> p) {
        if (lines.isEmpty()) return 0;
        int n = 0;
        for (String l : lines) if (p.test(l)) n++;
        return (double) n / lines.size();
    }

    /** Share of lines that repeat an earlier line, and share of characters in such lines. */
    double[] duplicateLineShares() {
        Set<String> seen = new HashSet<>();
        int dup = 0;
        long dupChars = 0, chars = 0;
        for (String l : lines) {
            chars += l.length();
            if (!seen.add(l)) { dup++; dupChars += l.length(); }
        }
        return lines.isEmpty() ? new double[] {0, 0} : new double[] {(double) dup / lines.size(), (double) dupChars / chars};
    }

    /** Gopher: share of word characters covered by the most frequent word n-gram (0 when too few words). */
    double topNgramShare(int n) {
        if (words.size() < n) return 0;
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (int i = 0; i + n <= words.size(); i++) {
            String g = String.join(" ", words.subList(i, i + n));
            int c = counts.merge(g, 1, Integer::sum);
            if (c > bestCount) { bestCount = c; best = g; }
        }
        if (bestCount < 2) return 0;
        long gramChars = best.length() - (n - 1);
        return (double) (gramChars * bestCount) / totalWordChars();
    }

    /** Gopher: share of word characters inside n-grams that occur more than once (each word counted once). */
    double duplicateNgramShare(int n) {
        if (words.size() < n) return 0;
        Map<String, Integer> first = new HashMap<>();
        boolean[] covered = new boolean[words.size()];
        for (int i = 0; i + n <= words.size(); i++) {
            String g = String.join(" ", words.subList(i, i + n));
            Integer prev = first.putIfAbsent(g, i);
            if (prev != null) {
                for (int k = 0; k < n; k++) { covered[i + k] = true; covered[prev + k] = true; }
            }
        }
        long dupChars = 0;
        for (int i = 0; i < covered.length; i++) if (covered[i]) dupChars += words.get(i).length();
        return (double) dupChars / totalWordChars();
    }

    private long totalWordChars() {
        long c = 0;
        for (String w : words) c += w.length();
        return Math.max(1, c);
    }

    int stopWordCount() { return stopWords; }
}
