package llmforge.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's peak resident memory (Linux's VmHWM: weights, optimiser state, activations and step buffers all live
 * in native memory, so the Java heap alone would miss most of it). A stage resets it when it starts, so a process
 * that runs several stages (the demo) reports each stage's own peak.
 */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status"), CLEAR = Path.of("/proc/self/clear_refs");

    private PeakMemory() {}

    /** Restarts the high-water mark from the current resident size (writing 5 to clear_refs); a no-op elsewhere. */
    public static void reset() {
        try {
            Files.writeString(CLEAR, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or not allowed: the peak then covers the whole process, which is still an upper bound
        }
    }

    /** Peak resident bytes since the last {@link #reset()} (or process start); -1 where the OS does not say. */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** "1,234 MB", or why there is no number. */
    public static String describe(long bytes) {
        return bytes < 0 ? "unknown (no /proc/self/status)" : String.format(Locale.ROOT, "%,d MB", Math.round(bytes / 1048576.0));
    }
}
