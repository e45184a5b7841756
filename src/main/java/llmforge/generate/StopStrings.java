package llmforge.generate;

import java.util.List;

/** Finds stop strings in decoded text and says how much of a growing text is safe to show already. */
final class StopStrings {
    private final List<String> stops;

    StopStrings(List<String> stops) { this.stops = stops; }

    /** Index of the earliest stop string in {@code text}, or -1. */
    int find(String text) {
        int first = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (first < 0 || i < first)) first = i;
        }
        return first;
    }

    /**
     * Length of the prefix of an unfinished text that can be shown now: it holds back a tail that may still grow
     * into a stop string and a trailing U+FFFD (bytes of a character whose remaining bytes are not out yet).
     */
    int safeLength(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\uFFFD') end--;
        int hold = 0;
        for (String s : stops) {
            for (int n = Math.min(s.length() - 1, end); n > hold; n--) {
                if (text.startsWith(s.substring(0, n), end - n)) {
                    hold = n;
                    break;
                }
            }
        }
        return end - hold;
    }
}
