package llmforge.cli;

import llmforge.io.UserException;
import llmforge.kernels.FmaPeak;
import llmforge.kernels.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code llmforge bench peak}: the float32 FMA throughput the Vector API reaches on this machine. */
@Command(name = "peak", mixinStandardHelpOptions = true,
        description = "Vector API FMA throughput (GFLOP/s) on the worker pool: the ceiling for every kernel.")
final class BenchPeakCommand implements Runnable {
    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override public void run() {
        if (threads < 1) throw new UserException("--threads must be at least 1, got " + threads);
        Parallel.setThreads(threads);
        System.out.println(line(threads, FmaPeak.gflops(7, 10_000_000)));
    }

    static String line(int threads, double gflops) {
        return String.format(Locale.ROOT, "{\"bench\": \"peak\", \"threads\": %d, \"peak_gflops\": %.1f}", threads, gflops);
    }
}
