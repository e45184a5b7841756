package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class QualityFiltersTest {
    static final String GOOD = "The committee met on Tuesday to discuss the new library. Members agreed that the "
            + "building should open early in the spring, and that the reading rooms would stay quiet. Several people "
            + "asked about parking, which will be free for the first month of operation.";
    static final String POEM = "《静夜思》\n作者：李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"
            + "这是一首很有名的诗，写的是游子思念故乡的心情。";

    private final QualityFilters f = new QualityFilters(FilterConfig.defaults());
    private final TextNormalizer n = new TextNormalizer();

    private String check(String text) { return f.check(n.normalize(text)); }

    @Test void keepsGoodEnglishAndChinese() {
        assertNull(check(GOOD));
        assertNull(new QualityFilters(cfgMinWords(10)).check(n.normalize(POEM)));
    }

    @Test void eachRuleRemovesWhatItTargets() {
        assertEquals("length", check("Too short to be a document."));
        assertEquals("lorem_ipsum", check("Lorem ipsum dolor sit amet, " + GOOD));
        assertEquals("boilerplate", check(GOOD + "\nWe use cookies to improve your experience.\nClick here to subscribe!"));
        assertEquals("url_density", check(GOOD + " http://a.example/x https://b.example/y www.c.example/z"));
        assertEquals("mean_word_length", check("a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g the and"));
        assertEquals("symbol_ratio", check(GOOD + " # # # # # # # # # # # # # # #"));
        assertEquals("bullet_lines", check("- the first item of the list\n".repeat(3) + "- the second item and more\n- "
                + GOOD.replace(". ", ".\n- ")));
        assertEquals("ellipsis_lines", check(GOOD.replace(". ", "...\n")));
        assertEquals("duplicate_lines", check(GOOD + "\nBuy the best shoes today.\nBuy the best shoes today.\nBuy the best shoes today."));
        assertEquals("top_ngrams", check(GOOD + " the big dog the big dog the big dog the big dog the big dog the big dog the big dog"));
        assertEquals("duplicate_ngrams", check(GOOD + " " + GOOD.substring(0, 120)));
        assertEquals("stop_words", check("Colourless green ideas sleep furiously while purple elephants dance quietly "
                + "behind ancient wooden barns near misty mountains during cold winter nights"));
        assertEquals("encoding", check(GOOD + " It\u00E2\u20AC\u2122s caf\u00C3\u00A9."));
        assertEquals("non_printable", check(GOOD + "\u0001".repeat(20)));
        assertEquals("script", check("Это предложение написано по-русски и содержит достаточно слов для проверки "
                + "длины текста, чтобы фильтр языка сработал правильно и надёжно в этом тесте сегодня утром."));
        assertEquals("cjk_share", new QualityFilters(cfgMinWords(10)).check(n.normalize(
                "床前明月光，疑是地上霜。举头望明月，低头思故乡。 %%%% #### @@@@ $$$$ &&&& ****  ^^^^ ~~~~ ++++ ==== |||| %%%% ####")));
    }

    @Test void aDisabledRuleNoLongerRemoves() {
        FilterConfig c = new FilterConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, List.of("lorem_ipsum"));
        assertNull(new QualityFilters(c).check(n.normalize("Lorem ipsum dolor sit amet, " + GOOD)));
    }

    private static FilterConfig cfgMinWords(int minWords) {
        return new FilterConfig(null, null, minWords, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }
}
