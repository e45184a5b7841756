package llmforge.data;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Thresholds of the quality filters (defaults follow the Gopher rules where they have one). A filter is switched
 * off by naming it in {@code disable}; {@link QualityFilters#RULES} lists the names. The repeated n-gram rules
 * apply from {@code repetitionMinWords} words on: in a short text a name said twice is not spam.
 * Boilerplate is measured in phrase hits per 100 words, so one "cookie" in a long text is no ad.
 */
public record FilterConfig(
        Integer minChars, Integer maxChars, Integer minWords, Integer maxWords,
        Double minMeanWordLength, Double maxMeanWordLength,
        Double maxSymbolWordRatio, Double maxBulletLineShare, Double maxEllipsisLineShare,
        Double maxDuplicateLineShare, Double maxDuplicateLineCharShare,
        Map<Integer, Double> maxTopNgramShare, Map<Integer, Double> maxDuplicateNgramShare,
        Integer repetitionMinWords, Integer minStopWords, Double minCjkShare, Double maxBoilerplatePer100Words,
        List<String> boilerplatePhrases,
        Double maxUrlsPerWord, Double maxNonPrintableShare, Double maxEncodingErrorShare,
        List<String> scripts, List<String> disable) {

    public static final List<String> DEFAULT_BOILERPLATE = List.of(
            "use cookies", "cookie policy", "accept all cookies", "click here", "subscribe", "sign up now", "buy now",
            "limited time offer", "free shipping",
            "all rights reserved", "privacy policy", "terms of use", "terms of service", "enable javascript",
            "add to cart", "act now", "special offer", "unsubscribe", "follow us on", "newsletter");

    public FilterConfig {
        minChars = minChars == null ? 50 : minChars;
        maxChars = maxChars == null ? 200_000 : maxChars;
        minWords = minWords == null ? 20 : minWords;
        maxWords = maxWords == null ? 100_000 : maxWords;
        minMeanWordLength = minMeanWordLength == null ? 3.0 : minMeanWordLength;
        maxMeanWordLength = maxMeanWordLength == null ? 10.0 : maxMeanWordLength;
        maxSymbolWordRatio = maxSymbolWordRatio == null ? 0.1 : maxSymbolWordRatio;
        maxBulletLineShare = maxBulletLineShare == null ? 0.9 : maxBulletLineShare;
        maxEllipsisLineShare = maxEllipsisLineShare == null ? 0.3 : maxEllipsisLineShare;
        maxDuplicateLineShare = maxDuplicateLineShare == null ? 0.3 : maxDuplicateLineShare;
        maxDuplicateLineCharShare = maxDuplicateLineCharShare == null ? 0.2 : maxDuplicateLineCharShare;
        maxTopNgramShare = new TreeMap<>(maxTopNgramShare == null ? Map.of(2, 0.20, 3, 0.18, 4, 0.16) : maxTopNgramShare);
        maxDuplicateNgramShare = new TreeMap<>(maxDuplicateNgramShare == null
                ? Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10) : maxDuplicateNgramShare);
        repetitionMinWords = repetitionMinWords == null ? 50 : repetitionMinWords;
        minStopWords = minStopWords == null ? 2 : minStopWords;
        minCjkShare = minCjkShare == null ? 0.5 : minCjkShare;
        maxBoilerplatePer100Words = maxBoilerplatePer100Words == null ? 3.0 : maxBoilerplatePer100Words;
        boilerplatePhrases = boilerplatePhrases == null ? DEFAULT_BOILERPLATE : List.copyOf(boilerplatePhrases);
        maxUrlsPerWord = maxUrlsPerWord == null ? 0.05 : maxUrlsPerWord;
        maxNonPrintableShare = maxNonPrintableShare == null ? 0.01 : maxNonPrintableShare;
        maxEncodingErrorShare = maxEncodingErrorShare == null ? 0.0 : maxEncodingErrorShare;
        scripts = scripts == null ? List.of("latin", "cjk") : List.copyOf(scripts);
        disable = disable == null ? List.of() : List.copyOf(disable);
        for (String name : disable)
            if (!QualityFilters.RULES.contains(name))
                throw new IllegalArgumentException("filters.disable: unknown filter '" + name + "'; valid: " + QualityFilters.RULES);
        for (String s : scripts)
            if (!Set.of("latin", "cjk", "cyrillic", "other").contains(s))
                throw new IllegalArgumentException("filters.scripts: unknown script '" + s + "'; valid: [latin, cjk, cyrillic, other]");
    }

    public static FilterConfig defaults() {
        return new FilterConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    public boolean enabled(String rule) { return !disable.contains(rule); }
}
