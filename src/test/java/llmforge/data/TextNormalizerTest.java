package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    private final TextNormalizer n = new TextNormalizer();

    @Test void composesToNfcAndTidiesWhitespace() {
        TextNormalizer.Result r = n.normalize("  Cafe\u0301\t\tau   lait \r\n\r\n\r\n\r\nsecond\u00A0line  \n");
        assertEquals("Caf\u00E9 au lait\n\nsecond line", r.text());
        assertEquals(0, r.encodingErrors());
    }

    @Test void removesControlAndInvisibleCharactersAndCountsThem() {
        TextNormalizer.Result r = n.normalize("ab\u0000c\u0007d\u200Be\uFEFF");
        assertEquals("abcde", r.text());
        assertEquals(4, r.nonPrintable());
    }

    @Test void detectsMojibakeAndReplacementCharacters() {
        assertEquals(2, n.normalize("caf\u00C3\u00A9 and it\u00E2\u20AC\u2122s").encodingErrors()); // "cafÃ©", "itâ€™s"
        assertEquals(1, n.normalize("bad \uFFFD byte").encodingErrors());
        assertEquals(0, n.normalize("Ã la carte, naïve café, déjà vu, 唐诗").encodingErrors());
    }

    @Test void keepsChineseTextIntact() {
        assertEquals("兰叶春葳蕤，桂华秋皎洁。\n欣欣此生意", n.normalize("兰叶春葳蕤，桂华秋皎洁。\r\n欣欣此生意").text());
    }
}
