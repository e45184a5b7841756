package llmforge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's baseline run as a child process (the libtorch programs under {@code bench/}): its stderr shows
 * on ours, its stdout's last line is its JSON result. A baseline that is missing or fails is reported on stderr
 * and skipped (null), so the llmforge numbers still print.
 */
final class BaselineProcess {
    private BaselineProcess() {}

    /** {@code bench/djl-baseline/run.sh} under the llmforge home, or null (with the reason) if this install lacks it. */
    static List<String> djlCommand(String bench) {
        Path script = Path.of(System.getProperty("llmforge.home", "."), "bench/djl-baseline/run.sh");
        if (!Files.isRegularFile(script)) {
            System.err.println(bench + ": " + script + " not found; skipping the libtorch (DJL) baseline");
            return null;
        }
        return new ArrayList<>(List.of("bash", script.toString()));
    }

    /** Runs {@code command} with OpenBLAS pinned to one thread; its last stdout line, or null. */
    static String lastLine(String bench, String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                System.err.println(bench + ": baseline '" + name + "' timed out after 30 minutes");
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return null;
        }
        if (p.exitValue() != 0) {
            System.err.println(bench + ": baseline '" + name + "' failed (exit " + p.exitValue() + "); see its log above");
            return null;
        }
        if (out.isEmpty()) {
            System.err.println(bench + ": baseline '" + name + "' printed no result");
            return null;
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
