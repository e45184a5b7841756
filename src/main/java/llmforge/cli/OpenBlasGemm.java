package llmforge.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** OpenBLAS's {@code cblas_sgemm}, called through {@code java.lang.foreign}: the baseline of {@code bench gemm}. */
final class OpenBlasGemm {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private final MethodHandle sgemm;
    private final MethodHandle getConfig;

    private OpenBlasGemm(SymbolLookup lib, int threads) throws Throwable {
        Linker linker = Linker.nativeLinker();
        sgemm = linker.downcallHandle(lib.findOrThrow("cblas_sgemm"), FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT));
        getConfig = linker.downcallHandle(lib.findOrThrow("openblas_get_config"), FunctionDescriptor.of(ADDRESS));
        // the library reads OPENBLAS_NUM_THREADS when it loads; this call overrides it afterwards
        MethodHandle setThreads = linker.downcallHandle(lib.findOrThrow("openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(JAVA_INT));
        setThreads.invokeExact(threads);
    }

    /** The library at {@code path} with {@code threads} threads, or null (with the reason on stderr) if unusable. */
    static OpenBlasGemm load(Path path, int threads) {
        if (!Files.exists(path)) {
            System.err.println("bench gemm: OpenBLAS not found at " + path
                    + " (install libopenblas0 or pass --openblas PATH); reporting llmforge only");
            return null;
        }
        try {
            chooseCoreType();
            OpenBlasGemm blas = new OpenBlasGemm(SymbolLookup.libraryLookup(path, Arena.global()), threads);
            System.err.println("bench gemm: " + blas.config());
            return blas;
        } catch (Throwable t) {
            System.err.println("bench gemm: cannot use OpenBLAS at " + path + ": " + t + "; reporting llmforge only");
            return null;
        }
    }

    /**
     * OpenBLAS builds with DYNAMIC_ARCH pick their kernels by CPU model at load time, and releases older than the
     * CPU fall back to generic SSE code (Debian's 0.3.21 runs Sapphire/Emerald Rapids as "Prescott", ~8x slower).
     * Unless the user chose one, ask for the AVX-512 (or AVX2) kernels this CPU does have, through the same
     * environment variable OpenBLAS reads when it loads.
     */
    private static void chooseCoreType() throws Throwable {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        String core = lanes >= 16 ? "SkylakeX" : lanes == 8 ? "Haswell" : null;
        String chosen = System.getenv("OPENBLAS_CORETYPE");
        if (core != null && chosen != null && !chosen.equalsIgnoreCase(core)) {
            // some machines set this globally (one seen here forced Haswell on an AVX-512 CPU): the baseline then
            // runs narrower kernels than llmforge and the ratio flatters llmforge
            System.err.println("bench gemm: OPENBLAS_CORETYPE=" + chosen + " is set in the environment; this CPU's"
                    + " widest OpenBLAS kernels are " + core + " (run with OPENBLAS_CORETYPE=" + core
                    + " for a fair baseline)");
        }
        if (core != null) setenvIfUnset("OPENBLAS_CORETYPE", core);
        // idle OpenBLAS workers spin ~2^28 cycles (0.1 s) by default, which would steal a core from llmforge's
        // timed runs that follow; 2^20 cycles (< 1 ms) still keeps them awake between back-to-back calls
        setenvIfUnset("OPENBLAS_THREAD_TIMEOUT", "20");
    }

    private static void setenvIfUnset(String name, String value) throws Throwable {
        if (System.getenv(name) != null) return;
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().findOrThrow("setenv"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
            if (rc != 0) System.err.println("bench gemm: could not set " + name + "=" + value);
        }
    }

    /** The library's build and chosen kernels, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... SkylakeX MAX_THREADS=64". */
    String config() {
        try {
            MemorySegment s = (MemorySegment) getConfig.invokeExact();
            return s.reinterpret(1000).getString(0);
        } catch (Throwable t) {
            return "OpenBLAS (configuration unknown)";
        }
    }

    /** C = op(A)·op(B), same conventions as {@link llmforge.kernels.Gemm#sgemm} (offsets in floats). */
    void sgemm(boolean transA, boolean transB, int M, int N, int K, MemorySegment a, long aOff, int lda,
               MemorySegment b, long bOff, int ldb, MemorySegment c, long cOff, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, M, N, K, 1f,
                    a.asSlice(aOff * 4), lda, b.asSlice(bOff * 4), ldb, 0f, c.asSlice(cOff * 4), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }
}
