package llmforge.dist;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a test main class under {@code mpirun -np N} with this JVM's classpath and module flags. Skips the calling
 * test when mpirun is not installed, except in CI (CI=true), where a missing Open MPI is a failure.
 */
public final class MpiLauncher {
    public record Result(int exitCode, String output) {}

    private MpiLauncher() {}

    public static Path mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        String why = "mpirun not found on PATH (install openmpi-bin libopenmpi-dev)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + ": CI must run the MPI tests");
        Assumptions.abort(why);
        return null;
    }

    public static Result run(int ranks, Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mpirun().toString(), "--allow-run-as-root", "--oversubscribe",
                "--bind-to", "none", "-np", String.valueOf(ranks),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (f.startsWith("--add-modules") || f.startsWith("--enable-native-access") || f.startsWith("-XX:MaxDirectMemorySize")) cmd.add(f);
        }
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("mpirun did not finish in 120 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
