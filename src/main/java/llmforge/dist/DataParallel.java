package llmforge.dist;

import llmforge.autograd.Parameter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

/**
 * Data-parallel training over MPI: every rank holds the whole model, runs its shard of each global batch
 * ({@link BatchSharding}), and gradients are summed over ranks before the optimiser step, so all ranks take the
 * same step. Not launched by mpirun/srun, it is a single process of rank 0 and every collective is the identity.
 *
 * <pre>
 * try (DataParallel dp = DataParallel.world()) {
 *     dp.broadcastParameters(model.parameters());           // same start everywhere
 *     ... per step: forward/backward this rank's micro-batches with divisor = dp.allReduceSum(localTokens) ...
 *     dp.allReduceGradients(model.parameters());            // sum of every rank's grads
 *     opt.step(lr); opt.zeroGrad();
 *     if (dp.isRoot()) { log, checkpoint }
 * }</pre>
 */
public final class DataParallel implements AutoCloseable {
    /**
     * Bucket size of the gradient all-reduce: big enough to amortise per-call latency, and below the 32 MB at which
     * Open MPI's shared-memory all-reduce fell from 4-6 GB/s to 0.4 GB/s on the test machine (NOTES.md).
     */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

    private final Mpi mpi;          // null: single process
    private final long bucketBytes;
    private final Map<List<Parameter>, GradientBuckets> buckets = new java.util.HashMap<>();
    private final MemorySegment scalar = Arena.ofAuto().allocate(Long.BYTES, 8);
    private static DataParallel world;

    private DataParallel(Mpi mpi, long bucketBytes) {
        this.mpi = mpi;
        this.bucketBytes = bucketBytes;
    }

    /** One process, no MPI: rank 0 of 1. */
    public static DataParallel single() { return new DataParallel(null, DEFAULT_BUCKET_BYTES); }

    /**
     * This process's place in its job: MPI when it was launched by mpirun or srun (rank and size read from MPI
     * itself), else {@link #single()}. MPI can be initialised once per process, so every caller shares this
     * instance; the first call initialises it and {@link #close()} finalises it.
     */
    public static synchronized DataParallel world() {
        if (world == null) world = launchedByMpi() ? new DataParallel(Mpi.init(), DEFAULT_BUCKET_BYTES) : single();
        return world;
    }

    /** Whether this process was started by mpirun or srun (so {@link #world()} will use MPI). */
    public static boolean launchedByMpi() { return launchedByMpi(System.getenv()); }

    /**
     * Ranks of this job on this machine, as the launcher says (Open MPI, MPICH/Hydra, Slurm); 1 when none does.
     * Ranks that share a machine share its cores.
     */
    public static int localRanks() { return localRanks(System.getenv()); }

    static int localRanks(Map<String, String> env) {
        for (String key : List.of("OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE")) {
            String v = env.get(key);
            if (v != null && v.matches("\\d+") && Integer.parseInt(v) > 0) return Integer.parseInt(v);
        }
        return 1;
    }

    /** Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; Slurm's srun (PMI/PMIx) sets PMI_SIZE or PMIX_RANK. */
    static boolean launchedByMpi(Map<String, String> env) {
        return env.containsKey("OMPI_COMM_WORLD_SIZE") || env.containsKey("PMI_SIZE") || env.containsKey("PMIX_RANK");
    }

    public int rank() { return mpi == null ? 0 : mpi.rank(); }

    public int size() { return mpi == null ? 1 : mpi.size(); }

    /** Rank 0 alone writes checkpoints, logs and reports. */
    public boolean isRoot() { return rank() == 0; }

    public boolean distributed() { return mpi != null; }

    /** Copies rank 0's parameter values to every rank (call once after building or loading the model). */
    public void broadcastParameters(List<Parameter> params) {
        if (mpi == null) return;
        bucketsOf(params).forEach(Parameter::value, (seg, n) -> mpi.broadcastFloats(seg, n, 0));
    }

    /**
     * Replaces every parameter's gradient by its sum over all ranks, bucket by bucket, after the backward pass of
     * the step's last micro-batch. The loss divisor must already be the GLOBAL token count ({@link #allReduceSum}).
     */
    public void allReduceGradients(List<Parameter> params) {
        if (mpi == null) return;
        bucketsOf(params.stream().filter(Parameter::trainable).toList()).forEach(Parameter::grad, mpi::allReduceFloats);
    }

    /**
     * The gradient all-reduce overlapped with backward (see {@link GradientSync}); make one per model and reuse it
     * every step. Without MPI its calls do nothing.
     */
    public GradientSync gradientSync(List<Parameter> params) { return new GradientSync(mpi, params, bucketBytes); }

    public long allReduceSum(long v) {
        if (mpi == null) return v;
        synchronized (scalar) {
            scalar.set(ValueLayout.JAVA_LONG, 0, v);
            mpi.allReduceLongs(scalar, 1);
            return scalar.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    public double allReduceSum(double v) {
        if (mpi == null) return v;
        synchronized (scalar) {
            scalar.set(ValueLayout.JAVA_DOUBLE, 0, v);
            mpi.allReduceDoubles(scalar, 1);
            return scalar.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    /** Whether {@code flag} is true on any rank (all ranks must call it: a decision they all take together). */
    public boolean anyRank(boolean flag) { return allReduceSum(flag ? 1L : 0L) > 0; }

    /**
     * In-place sum over ranks of each element. With every element non-zero on one rank only, this gathers per-item
     * results onto every rank exactly (x + 0 = x), so they can then be added up in a fixed order.
     */
    public void allReduceSum(double[] values) {
        if (mpi == null || values.length == 0) return;
        try (Arena a = Arena.ofShared()) {   // shared: the MPI thread reads it
            MemorySegment seg = a.allocate(ValueLayout.JAVA_DOUBLE, values.length);
            MemorySegment.copy(values, 0, seg, ValueLayout.JAVA_DOUBLE, 0, values.length);
            mpi.allReduceDoubles(seg, values.length);
            MemorySegment.copy(seg, ValueLayout.JAVA_DOUBLE, 0, values, 0, values.length);
        }
    }

    /** In-place sum over ranks of {@code count} floats of native memory (metrics, custom buffers). */
    public void allReduceSum(MemorySegment floats, long count) {
        if (mpi != null) mpi.allReduceFloats(floats, count);
    }

    public void barrier() {
        if (mpi != null) mpi.barrier();
    }

    private synchronized GradientBuckets bucketsOf(List<Parameter> params) {
        return buckets.computeIfAbsent(List.copyOf(params), p -> new GradientBuckets(p, bucketBytes));
    }

    /** Finalises MPI; every rank must call it (try-with-resources). */
    @Override public void close() {
        if (mpi != null) mpi.close();
    }
}
