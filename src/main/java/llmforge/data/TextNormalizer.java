package llmforge.data;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts text in one canonical form before filtering and hashing: Unicode NFC, one kind of line break, no control or
 * invisible format characters, single spaces, at most one blank line in a row. It also counts what it saw that
 * hints at a bad source: non-printable characters and broken encodings (U+FFFD, and mojibake such as "Ã©" or
 * "â€™" — UTF-8 bytes that were decoded as Latin-1/Windows-1252).
 */
public final class TextNormalizer {
    /** A UTF-8 lead byte read as Latin-1 followed by a continuation byte read as Latin-1 or Windows-1252. */
    private static final Pattern MOJIBAKE = Pattern.compile(
            "[ÂÃÄÅÆÐÑØÙâãäåæ][\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC"
                    + "\\u2013\\u2014\\u2018-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]");

    /** @param nonPrintable characters removed as control or invisible; {@code encodingErrors} replacement chars plus mojibake pairs */
    public record Result(String text, int rawLength, int nonPrintable, int encodingErrors) {
        public double nonPrintableShare() { return rawLength == 0 ? 0 : (double) nonPrintable / rawLength; }

        public double encodingErrorShare() { return rawLength == 0 ? 0 : (double) encodingErrors / rawLength; }
    }

    public Result normalize(String raw) {
        String nfc = Normalizer.isNormalized(raw, Normalizer.Form.NFC) ? raw : Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(nfc.length());
        int nonPrintable = 0, replacement = 0;
        int newlines = 0;          // newlines pending since the last visible character
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                if (i < nfc.length() && nfc.charAt(i) == '\n') continue; // CRLF counts once
                cp = '\n';
            }
            if (cp == '\n') { newlines++; pendingSpace = false; continue; }
            if (cp == 0xFFFD) replacement++;
            int type = Character.getType(cp);
            boolean space = cp == '\t' || (Character.isSpaceChar(cp) && cp != 0x3000);
            if (!space && (type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || (type == Character.FORMAT && cp != 0x200C && cp != 0x200D))) {
                nonPrintable++;
                continue;
            }
            if (space) { pendingSpace = true; continue; }
            if (sb.length() > 0) {
                if (newlines > 0) sb.append(newlines >= 2 ? "\n\n" : "\n");
                else if (pendingSpace) sb.append(' ');
            }
            newlines = 0;
            pendingSpace = false;
            sb.appendCodePoint(cp);
        }
        String text = sb.toString();
        int mojibake = 0;
        Matcher m = MOJIBAKE.matcher(text);
        while (m.find()) mojibake++;
        return new Result(text, raw.length(), nonPrintable, replacement + mojibake);
    }
}
