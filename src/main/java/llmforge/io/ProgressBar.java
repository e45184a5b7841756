package llmforge.io;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA, redrawn in place on a terminal and printed every ~10 % otherwise
 * (so CI logs stay short). Extra text (loss, LR, tokens/s) goes after the bar via {@link #update(long, String)}.
 */
public final class ProgressBar implements AutoCloseable {
    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastDecile = -1;
    private long current;
    private String extra = "";

    public ProgressBar(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null);
    }

    public ProgressBar(String label, long total, String unit, PrintStream out, boolean interactive) {
        this.label = label;
        this.total = Math.max(total, 0);
        this.unit = unit;
        this.out = out;
        this.interactive = interactive;
    }

    public void step(long delta) { update(current + delta, extra); }

    public void update(long value) { update(value, extra); }

    public synchronized void update(long value, String extraText) {
        current = value;
        extra = extraText == null ? "" : extraText;
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos < 100_000_000L && value < total) return;
            lastDrawNanos = now;
            out.print("\r" + render(now) + "\u001b[K");
            out.flush();
        } else {
            int decile = total > 0 ? (int) Math.min(10, value * 10 / total) : 0;
            if (decile == lastDecile) return;
            lastDecile = decile;
            out.println(render(now));
        }
    }

    String render(long now) {
        double secs = (now - startNanos) / 1e9;
        double rate = secs > 0 ? current / secs : 0;
        int width = 24;
        double frac = total > 0 ? Math.min(1.0, (double) current / total) : 0;
        int filled = (int) Math.round(frac * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = rate > 0 && total > current ? formatDuration((total - current) / rate) : "--:--";
        return String.format(Locale.ROOT, "%s [%s] %d/%d %s %5.1f%% | %s %s/s | %s elapsed, ETA %s%s",
                label, bar, current, total, unit, frac * 100, formatRate(rate), unit,
                formatDuration(secs), eta, extra.isEmpty() ? "" : " | " + extra);
    }

    static String formatRate(double r) {
        if (r >= 1e6) return String.format(Locale.ROOT, "%.2fM", r / 1e6);
        if (r >= 1e3) return String.format(Locale.ROOT, "%.1fk", r / 1e3);
        return String.format(Locale.ROOT, "%.1f", r);
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    @Override public synchronized void close() {
        if (interactive) {
            out.print("\r" + render(System.nanoTime()) + "\u001b[K\n");
        } else if (lastDecile < 10) {
            out.println(render(System.nanoTime()));
        }
        out.flush();
    }
}
