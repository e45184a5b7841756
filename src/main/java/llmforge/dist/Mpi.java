package llmforge.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Open MPI's C API through {@code java.lang.foreign}: just the calls data-parallel training needs. Open MPI's
 * predefined handles ({@code MPI_COMM_WORLD}, {@code MPI_FLOAT}, {@code MPI_SUM} ...) are the addresses of
 * exported globals, and {@code MPI_IN_PLACE} is {@code (void*) 1}.
 *
 * <p>Every MPI call runs on one dedicated thread (the one that called {@code MPI_Init_thread}), so callers may
 * be on any thread and the library only needs {@code MPI_THREAD_FUNNELED}.
 */
final class Mpi implements AutoCloseable {
    private static final int MPI_SUCCESS = 0, MPI_THREAD_FUNNELED = 1;
    private static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);
    private static final int MAX_COUNT = Integer.MAX_VALUE; // MPI counts are C ints

    private volatile Thread mpiThread;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "llmforge-mpi");
        t.setDaemon(true);
        mpiThread = t;
        return t;
    });
    private final MethodHandle initThread, finalizeH, commRank, commSize, allreduce, bcast, barrier;
    private final MemorySegment commWorld, mpiFloat, mpiDouble, mpiInt64, opSum;
    private final int rank, size;
    private boolean finalized;

    private Mpi(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        initThread = linker.downcallHandle(lib.findOrThrow("MPI_Init_thread"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        finalizeH = linker.downcallHandle(lib.findOrThrow("MPI_Finalize"), FunctionDescriptor.of(JAVA_INT));
        commRank = linker.downcallHandle(lib.findOrThrow("MPI_Comm_rank"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        commSize = linker.downcallHandle(lib.findOrThrow("MPI_Comm_size"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // int MPI_Allreduce(const void *send, void *recv, int count, MPI_Datatype, MPI_Op, MPI_Comm)
        allreduce = linker.downcallHandle(lib.findOrThrow("MPI_Allreduce"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        // int MPI_Bcast(void *buf, int count, MPI_Datatype, int root, MPI_Comm)
        bcast = linker.downcallHandle(lib.findOrThrow("MPI_Bcast"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        barrier = linker.downcallHandle(lib.findOrThrow("MPI_Barrier"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commWorld = lib.findOrThrow("ompi_mpi_comm_world");
        mpiFloat = lib.findOrThrow("ompi_mpi_float");
        mpiDouble = lib.findOrThrow("ompi_mpi_double");
        mpiInt64 = lib.findOrThrow("ompi_mpi_int64_t");
        opSum = lib.findOrThrow("ompi_mpi_op_sum");
        int[] rs = onThread(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment provided = a.allocate(JAVA_INT);
                check((int) initThread.invokeExact(MemorySegment.NULL, MemorySegment.NULL, MPI_THREAD_FUNNELED, provided),
                        "MPI_Init_thread");
                MemorySegment out = a.allocate(JAVA_INT);
                check((int) commRank.invokeExact(commWorld, out), "MPI_Comm_rank");
                int r = out.get(JAVA_INT, 0);
                check((int) commSize.invokeExact(commWorld, out), "MPI_Comm_size");
                return new int[] {r, out.get(JAVA_INT, 0)};
            }
        });
        rank = rs[0];
        size = rs[1];
    }

    /** Loads libmpi and calls MPI_Init_thread; a missing library is an error that says what to install. */
    static Mpi init() {
        SymbolLookup lib = load();
        if (lib.find("ompi_mpi_comm_world").isEmpty()) {
            throw new IllegalStateException("the libmpi found is not Open MPI's (no ompi_mpi_comm_world symbol); llmforge "
                    + "binds Open MPI's ABI: install openmpi-bin libopenmpi-dev or point LLMFORGE_MPI_LIB at Open MPI's libmpi.so");
        }
        return new Mpi(lib);
    }

    private static SymbolLookup load() {
        String override = System.getenv("LLMFORGE_MPI_LIB");
        List<String> candidates = override != null ? List.of(override)
                : List.of("libmpi.so.40", "libmpi.so", "/usr/lib/x86_64-linux-gnu/libmpi.so.40",
                          "/usr/lib/aarch64-linux-gnu/libmpi.so.40", "libmpi.dylib");
        List<String> errors = new ArrayList<>();
        for (String c : candidates) {
            try {
                return SymbolLookup.libraryLookup(c, Arena.global());
            } catch (IllegalArgumentException e) {
                errors.add(c);
            }
        }
        throw new IllegalStateException("this process was launched by mpirun/srun but Open MPI's libmpi could not be "
                + "loaded (tried " + String.join(", ", errors) + "). Install Open MPI (Debian/Ubuntu: apt-get install "
                + "openmpi-bin libopenmpi-dev) or point LLMFORGE_MPI_LIB at libmpi.so");
    }

    int rank() { return rank; }

    int size() { return size; }

    /** In-place sum over all ranks of {@code count} floats at {@code seg} (native memory). */
    void allReduceFloats(MemorySegment seg, long count) {
        reduceInChunks(seg, count, Float.BYTES, mpiFloat);
    }

    /** {@link #allReduceFloats} queued on the MPI thread; the buffer must not be touched until the future is done. */
    Future<?> allReduceFloatsAsync(MemorySegment seg, long count) {
        requireNative(seg, count * Float.BYTES);
        return thread.submit(() -> allReduceFloats(seg, count));
    }

    void allReduceDoubles(MemorySegment seg, long count) {
        reduceInChunks(seg, count, Double.BYTES, mpiDouble);
    }

    void allReduceLongs(MemorySegment seg, long count) {
        reduceInChunks(seg, count, Long.BYTES, mpiInt64);
    }

    private void reduceInChunks(MemorySegment seg, long count, int elemBytes, MemorySegment type) {
        requireNative(seg, count * elemBytes);
        onThread(() -> {
            for (long done = 0; done < count; done += MAX_COUNT) {
                int n = (int) Math.min(MAX_COUNT, count - done);
                MemorySegment part = seg.asSlice(done * elemBytes, (long) n * elemBytes);
                check((int) allreduce.invokeExact(IN_PLACE, part, n, type, opSum, commWorld), "MPI_Allreduce");
            }
            return null;
        });
    }

    /** Copies {@code count} floats at {@code seg} from rank {@code root} to every other rank. */
    void broadcastFloats(MemorySegment seg, long count, int root) {
        requireNative(seg, count * Float.BYTES);
        onThread(() -> {
            for (long done = 0; done < count; done += MAX_COUNT) {
                int n = (int) Math.min(MAX_COUNT, count - done);
                MemorySegment part = seg.asSlice(done * Float.BYTES, (long) n * Float.BYTES);
                check((int) bcast.invokeExact(part, n, mpiFloat, root, commWorld), "MPI_Bcast");
            }
            return null;
        });
    }

    void barrier() {
        onThread(() -> {
            check((int) barrier.invokeExact(commWorld), "MPI_Barrier");
            return null;
        });
    }

    @Override public synchronized void close() {
        if (finalized) return;
        finalized = true;
        onThread(() -> {
            check((int) finalizeH.invokeExact(), "MPI_Finalize");
            return null;
        });
        thread.shutdown();
    }

    private static void requireNative(MemorySegment seg, long bytes) {
        if (!seg.isNative()) throw new IllegalArgumentException("MPI buffers must be native memory");
        if (seg.byteSize() < bytes) throw new IllegalArgumentException("buffer of " + seg.byteSize() + " bytes < " + bytes);
    }

    private static void check(int rc, String call) {
        if (rc != MPI_SUCCESS) throw new IllegalStateException(call + " failed with MPI error code " + rc);
    }

    private static <T> T call(NativeCall<T> body) {
        try {
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private interface NativeCall<T> {
        T call() throws Throwable;
    }

    private <T> T onThread(NativeCall<T> body) {
        if (Thread.currentThread() == mpiThread) return call(body);
        Future<T> f = thread.submit(() -> call(body));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during an MPI call", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error er) throw er;
            throw new IllegalStateException(cause);
        }
    }
}
