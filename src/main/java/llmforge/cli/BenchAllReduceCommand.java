package llmforge.cli;

import llmforge.dist.DataParallel;
import llmforge.io.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code mpirun -np 2 llmforge bench allreduce}: in-place float32 sum all-reduce over MPI (the data-parallel gradient
 * path) for 1/4/16/64 MB buffers; rank 0 prints one JSON line per size.
 */
@Command(name = "allreduce", mixinStandardHelpOptions = true,
        description = "MPI all-reduce time and bandwidth for 1/4/16/64 MB of float32 (run under mpirun -np N).")
final class BenchAllReduceCommand implements Runnable {
    @Option(names = "--sizes-mb", defaultValue = "1,4,16,64", split = ",", description = "Buffer sizes in MB (default: ${DEFAULT-VALUE}).")
    List<Integer> sizesMb;

    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions per size (default: ${DEFAULT-VALUE}).")
    int reps;

    @Override public void run() {
        if (!DataParallel.launchedByMpi()) {
            throw new UserException("bench allreduce needs several MPI ranks: run it as "
                    + "'mpirun -np 2 ./llmforge bench allreduce' (add --allow-run-as-root as root)");
        }
        if (reps < 1) throw new UserException("--reps must be >= 1");
        try (DataParallel dp = DataParallel.world()) {
            for (int mb : sizesMb) {
                if (mb < 1) throw new UserException("--sizes-mb: sizes must be >= 1, got " + mb);
                long floats = (long) mb * (1 << 20) / Float.BYTES;
                MemorySegment buf = Arena.ofAuto().allocate(floats * Float.BYTES, 64);
                for (long i = 0; i < floats; i++) buf.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 7) + dp.rank());
                for (int w = 0; w < 3; w++) dp.allReduceSum(buf, floats);
                double[] ms = new double[reps];
                for (int r = 0; r < reps; r++) {
                    dp.barrier();
                    long t0 = System.nanoTime();
                    dp.allReduceSum(buf, floats);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                double median = ms[reps / 2], bytes = floats * (double) Float.BYTES;
                int n = dp.size();
                if (dp.isRoot()) {
                    // bus bandwidth: the bytes each rank must send and receive in a ring all-reduce, 2(n-1)/n × size
                    System.out.printf(Locale.ROOT, "{\"bench\": \"allreduce\", \"ranks\": %d, \"mb\": %d, \"median_ms\": %.3f, "
                                    + "\"min_ms\": %.3f, \"algbw_gb_s\": %.2f, \"busbw_gb_s\": %.2f}%n", n, mb, median, ms[0],
                            bytes / median / 1e6, bytes * 2 * (n - 1) / n / median / 1e6);
                }
            }
        }
    }
}
