package llmforge.data;

/**
 * Script-based language identification: the writing system that most letters of a text belong to. Coarse on
 * purpose — enough to route English-style rules to Latin text and the CJK rules to Chinese/Japanese/Korean.
 */
public enum Script {
    LATIN, CJK, CYRILLIC, OTHER;

    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }

    /** The majority script among the letters of {@code text}; OTHER when it has no letters. */
    public static Script detect(String text) {
        int latin = 0, cjk = 0, cyrillic = 0, other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) continue;
            if (cp < 0x250) { latin++; continue; }
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.LATIN) latin++;
            else if (isCjk(cp)) cjk++;
            else if (s == Character.UnicodeScript.CYRILLIC) cyrillic++;
            else other++;
        }
        int max = Math.max(Math.max(latin, cjk), Math.max(cyrillic, other));
        if (max == 0) return OTHER;
        if (max == latin) return LATIN;
        if (max == cjk) return CJK;
        return max == cyrillic ? CYRILLIC : OTHER;
    }
}
