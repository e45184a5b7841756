package llmforge.cli;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MPI is loaded only when a launcher asked for it, and a missing libmpi is then one clear line, not a stack trace. */
class MissingMpiTest {
    private record Run(int code, String output) {}

    private static Run main(boolean underLauncher, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (f.startsWith("--add-modules") || f.startsWith("--enable-native-access")) cmd.add(f);
        }
        cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OMPI_") || k.startsWith("PMI"));
        pb.environment().put("LLMFORGE_MPI_LIB", "/nonexistent/libmpi.so.40");
        if (underLauncher) pb.environment().put("OMPI_COMM_WORLD_SIZE", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit");
        return new Run(p.exitValue(), out);
    }

    @Test
    void aMissingLibraryIsNamedOnlyWhenALauncherAskedForMpi() throws Exception {
        Run plain = main(false, "pretrain", "--help");
        assertEquals(0, plain.code(), plain.output());
        assertFalse(plain.output().contains("libmpi"), plain.output());

        Run launched = main(true, "pretrain", "--help");
        assertEquals(2, launched.code(), launched.output());
        assertTrue(launched.output().contains("llmforge: this process was launched by mpirun/srun but Open MPI's libmpi could not be loaded")
                && launched.output().contains("apt-get install openmpi-bin"), launched.output());
        assertFalse(launched.output().contains("\tat "), "no stack trace: " + launched.output());
    }
}
