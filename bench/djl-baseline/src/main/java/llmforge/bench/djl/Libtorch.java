package llmforge.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What both benchmarks need around libtorch: the engine started the same way, and the process's memory. */
final class Libtorch {
    /** run.sh --mkl-any-cpu preloads a shim that stops MKL from falling back to generic kernels on non-Intel CPUs. */
    static final String SYSTEM = "libtorch-2.7.1 (DJL 0.36)"
            + ("any-cpu".equals(System.getProperty("llmforge.baseline.mkl")) ? ", MKL vendor check off" : "");

    private Libtorch() {}

    /**
     * The PyTorch engine from the jars alone (never a download), on {@code threads} intra-op threads and one
     * inter-op thread, seeded. Must run before anything else touches DJL: the thread counts are read at load.
     */
    static Engine start(int threads, long seed) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        System.err.printf("djl-baseline: %s, libtorch %s, intra-op threads %d, inter-op threads %d%n",
                SYSTEM, engine.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
        return engine;
    }

    /** A /proc/self/status field (VmHWM: peak resident set, VmRSS: current) in MiB. */
    static double memoryMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
            throw new IllegalStateException("no " + field + " line in /proc/self/status");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
    }
}
