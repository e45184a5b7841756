package llmforge.dist;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The gradient all-reduce overlapped with the backward pass of a step's last micro-batch. Buckets are built over
 * the parameters in reverse order (backward finishes the last layers first); as soon as every gradient of a bucket
 * is final ({@code Tape.backward(loss, sync.watched(), sync::ready)} says so) the bucket is packed and its
 * all-reduce queued on the MPI thread while backward continues. {@link #finish()} waits and unpacks.
 *
 * <pre>
 * for the last micro-batch: try (Tape t = Tape.open()) { t.backward(loss, sync.watched(), sync::ready); }
 * sync.finish();   // every gradient now holds the sum over ranks
 * </pre>
 * The sums are the same as {@link DataParallel#allReduceGradients}'s (one MPI reduction of the same values), so the
 * overlap changes no bit of the result.
 */
public final class GradientSync {
    private final Mpi mpi;
    private final List<Parameter> params;
    private final List<List<Parameter>> buckets;
    private final List<MemorySegment> buffers = new ArrayList<>();
    private final Map<Tensor, Integer> bucketOf = new IdentityHashMap<>();
    private final int[] pending;
    private final Future<?>[] inFlight;

    GradientSync(Mpi mpi, List<Parameter> params, long bucketBytes) {
        this.mpi = mpi;
        this.params = params.stream().filter(Parameter::trainable).toList();
        this.buckets = GradientBuckets.group(this.params.reversed(), bucketBytes);
        pending = new int[buckets.size()];
        inFlight = new Future<?>[buckets.size()];
        for (int b = 0; b < buckets.size(); b++) {
            for (Parameter p : buckets.get(b)) bucketOf.put(p.value(), b);
            // single process: nothing to reduce, so no buffers
            buffers.add(mpi == null ? null : Arena.ofAuto().allocate(GradientBuckets.floats(buckets.get(b)) * Float.BYTES, 64));
        }
        reset();
    }

    /** The tensors to watch in backward: the trainable parameters' values. */
    public List<Tensor> watched() { return params.stream().map(Parameter::value).toList(); }

    /** Backward's signal that {@code value}'s gradient is final: the last one of a bucket launches its all-reduce. */
    public void ready(Tensor value) {
        Integer b = bucketOf.get(value);
        if (b == null || mpi == null) return;
        if (--pending[b] == 0) launch(b);
    }

    /** Reduces any bucket not launched yet, waits for all, and writes the sums back into the gradients. */
    public void finish() {
        try {
            if (mpi == null) return;
            for (int b = 0; b < buckets.size(); b++) if (inFlight[b] == null) launch(b);
            for (int b = 0; b < buckets.size(); b++) {
                try {
                    inFlight[b].get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for a gradient all-reduce", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("gradient all-reduce failed: " + e.getCause().getMessage(), e.getCause());
                }
                long at = 0;
                for (Parameter p : buckets.get(b)) {
                    Tensor g = p.grad();
                    MemorySegment.copy(buffers.get(b), at * Float.BYTES, g.segment(), g.offset() * Float.BYTES, g.size() * Float.BYTES);
                    at += g.size();
                }
            }
        } finally {
            reset();
        }
    }

    private void launch(int b) {
        MemorySegment buf = buffers.get(b);
        long at = 0;
        for (Parameter p : buckets.get(b)) {
            Tensor g = p.grad();
            MemorySegment.copy(g.segment(), g.offset() * Float.BYTES, buf, at * Float.BYTES, g.size() * Float.BYTES);
            at += g.size();
        }
        inFlight[b] = mpi.allReduceFloatsAsync(buf, at);
    }

    private void reset() {
        for (int b = 0; b < buckets.size(); b++) {
            pending[b] = buckets.get(b).size();
            inFlight[b] = null;
        }
    }
}
