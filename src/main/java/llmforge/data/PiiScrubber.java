package llmforge.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces e-mail addresses, phone numbers and IP addresses by the placeholders {@code <EMAIL>}, {@code <PHONE>}, {@code <IP>}. */
public final class PiiScrubber {
    public static final String EMAIL = "<EMAIL>", PHONE = "<PHONE>", IP = "<IP>";

    private static final Pattern EMAIL_RE = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_RE = Pattern.compile("(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?![\\w]|\\.\\d)");
    private static final Pattern IPV6_RE = Pattern.compile(
            "(?<![\\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6})(?![\\w:])");
    /** Optional country code, an area code (maybe in parentheses), then two groups; 9 to 15 digits in all (checked below). */
    private static final Pattern PHONE_RE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]?\\d{3,4}(?!\\w)");

    /** Counts of what one call replaced. */
    public record Counts(int emails, int phones, int ips) {
        public int total() { return emails + phones + ips; }
    }

    public record Result(String text, Counts counts) {}

    public Result scrub(String text) {
        int[] n = new int[3];
        String t = replace(EMAIL_RE, text, EMAIL, n, 0);
        t = replace(IPV4_RE, t, IP, n, 2);
        t = replace(IPV6_RE, t, IP, n, 2);
        t = replace(PHONE_RE, t, PHONE, n, 1);
        return new Result(t, new Counts(n[0], n[1], n[2]));
    }

    private static String replace(Pattern p, String text, String placeholder, int[] counts, int slot) {
        Matcher m = p.matcher(text);
        if (!m.find()) return text;
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            if (slot == 1 && !plausiblePhone(m.group())) continue;
            sb.append(text, last, m.start()).append(placeholder);
            last = m.end();
            counts[slot]++;
        } while (m.find());
        return sb.append(text, last, text.length()).toString();
    }

    private static boolean plausiblePhone(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) digits++;
        return digits >= 9 && digits <= 15;
    }
}
