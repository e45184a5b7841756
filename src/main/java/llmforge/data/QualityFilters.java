package llmforge.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The document quality rules. {@link #check} returns the name of the first rule a document breaks, or null when it
 * passes them all; the caller counts removals per rule. Word-statistics rules (Gopher's) apply to Latin and
 * Cyrillic text only — they mean nothing for Chinese, which instead has to be mostly CJK characters.
 */
public final class QualityFilters {
    public static final List<String> RULES = List.of(
            "encoding", "non_printable", "length", "script", "lorem_ipsum", "boilerplate", "url_density",
            "mean_word_length", "symbol_ratio", "bullet_lines", "ellipsis_lines", "duplicate_lines",
            "top_ngrams", "duplicate_ngrams", "stop_words", "cjk_share");

    private final FilterConfig cfg;
    private final List<String> phrases;

    public QualityFilters(FilterConfig cfg) {
        this.cfg = cfg;
        this.phrases = cfg.boilerplatePhrases().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    /** @return the broken rule's name, or null if the document is kept */
    public String check(TextNormalizer.Result normalized) {
        String text = normalized.text();
        if (on("encoding") && normalized.encodingErrors() > 0
                && normalized.encodingErrorShare() > cfg.maxEncodingErrorShare()) return "encoding";
        if (on("non_printable") && normalized.nonPrintableShare() > cfg.maxNonPrintableShare()) return "non_printable";
        TextStats s = new TextStats(text);
        int words = s.wordCount();
        if (on("length") && (text.length() < cfg.minChars() || text.length() > cfg.maxChars()
                || words < cfg.minWords() || words > cfg.maxWords())) return "length";
        if (on("script") && !cfg.scripts().contains(s.script.key())) return "script";
        String lower = text.toLowerCase(Locale.ROOT);
        if (on("lorem_ipsum") && (lower.contains("lorem ipsum") || lower.contains("dolor sit amet"))) return "lorem_ipsum";
        if (on("boilerplate") && 100.0 * phraseHits(lower) / Math.max(1, words) > cfg.maxBoilerplatePer100Words()) return "boilerplate";
        if (on("url_density") && s.urlsPerWord() > cfg.maxUrlsPerWord()) return "url_density";
        boolean wordRules = s.script == Script.LATIN || s.script == Script.CYRILLIC;
        if (wordRules) {
            if (on("mean_word_length") && (s.meanWordLength < cfg.minMeanWordLength()
                    || s.meanWordLength > cfg.maxMeanWordLength())) return "mean_word_length";
            if (on("symbol_ratio") && s.symbolWordRatio() > cfg.maxSymbolWordRatio()) return "symbol_ratio";
        }
        if (on("bullet_lines") && s.lineShare(QualityFilters::isBullet) > cfg.maxBulletLineShare()) return "bullet_lines";
        if (on("ellipsis_lines") && s.lineShare(l -> l.endsWith("...") || l.endsWith("\u2026"))
                > cfg.maxEllipsisLineShare()) return "ellipsis_lines";
        if (on("duplicate_lines")) {
            double[] d = s.duplicateLineShares();
            if (d[0] > cfg.maxDuplicateLineShare() || d[1] > cfg.maxDuplicateLineCharShare()) return "duplicate_lines";
        }
        if (wordRules && words >= cfg.repetitionMinWords()) {
            if (on("top_ngrams"))
                for (Map.Entry<Integer, Double> e : cfg.maxTopNgramShare().entrySet())
                    if (s.topNgramShare(e.getKey()) > e.getValue()) return "top_ngrams";
            if (on("duplicate_ngrams"))
                for (Map.Entry<Integer, Double> e : cfg.maxDuplicateNgramShare().entrySet())
                    if (s.duplicateNgramShare(e.getKey()) > e.getValue()) return "duplicate_ngrams";
        }
        if (on("stop_words") && s.script == Script.LATIN && s.stopWordCount() < cfg.minStopWords()) return "stop_words";
        if (on("cjk_share") && s.script == Script.CJK && s.cjkShare() < cfg.minCjkShare()) return "cjk_share";
        return null;
    }

    private boolean on(String rule) { return cfg.enabled(rule); }

    private int phraseHits(String lower) {
        int n = 0;
        for (String p : phrases) for (int i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + p.length())) n++;
        return n;
    }

    private static boolean isBullet(String line) {
        if (line.isEmpty()) return false;
        char c = line.charAt(0);
        return c == '\u2022' || c == '\u00B7' || c == '\u25AA' || c == '\u2023' || c == '\u25E6'
                || ((c == '-' || c == '*') && line.length() > 1 && line.charAt(1) == ' ');
    }
}
