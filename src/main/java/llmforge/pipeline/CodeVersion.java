package llmforge.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The code that produced a stage's output. The release goes into every stage key (a new release reruns the
 * pipeline); the git commit and whether the work tree had uncommitted changes are recorded in the lineage only, so
 * rebuilding from another commit reuses finished stages but shows which code made them.
 */
public record CodeVersion(String release, String commit, boolean dirty) {
    /** The release of this code; {@code llmforge --version} prints it too. */
    public static final String RELEASE = "0.1.1";

    /** This code: its release, and the commit of the checkout at {@code home} when git can tell ("unknown" otherwise). */
    public static CodeVersion of(Path home) {
        String commit = git(home, "rev-parse", "HEAD");
        String status = commit == null ? null : git(home, "status", "--porcelain", "--untracked-files=no");
        return new CodeVersion(RELEASE, commit == null ? "unknown" : commit, status != null && !status.isEmpty());
    }

    private static String git(Path home, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) return null;
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;   // no git on this machine: the commit stays unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
