package llmforge.dist;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Groups parameters into buckets of at most {@code bucketBytes} so that one collective call moves many small
 * tensors: a bucket's tensors are packed into one flat native buffer, reduced, and unpacked. A tensor larger than a
 * bucket gets a bucket of its own and is reduced in place (no copy). The grouping depends only on the parameter
 * list and the bucket size, so every rank builds the same buckets.
 */
final class GradientBuckets {
    private final List<List<Parameter>> buckets = new ArrayList<>();
    private final MemorySegment flat;

    GradientBuckets(List<Parameter> params, long bucketBytes) {
        buckets.addAll(group(params, bucketBytes));
        long largestPacked = 0;
        for (List<Parameter> b : buckets) if (b.size() > 1) largestPacked = Math.max(largestPacked, floats(b) * Float.BYTES);
        flat = Arena.ofAuto().allocate(Math.max(Float.BYTES, largestPacked), 64);
    }

    /** Consecutive runs of parameters of at most {@code bucketBytes} (a larger tensor alone). */
    static List<List<Parameter>> group(List<Parameter> params, long bucketBytes) {
        if (bucketBytes < Float.BYTES) throw new IllegalArgumentException("bucket size must hold a float, got " + bucketBytes);
        List<List<Parameter>> out = new ArrayList<>();
        List<Parameter> current = new ArrayList<>();
        long currentBytes = 0;
        for (Parameter p : params) {
            long bytes = p.size() * Float.BYTES;
            if (!current.isEmpty() && currentBytes + bytes > bucketBytes) {
                out.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(p);
            currentBytes += bytes;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    static long floats(List<Parameter> bucket) {
        long n = 0;
        for (Parameter p : bucket) n += p.size();
        return n;
    }

    /**
     * Runs {@code collective(segment, floats)} over every bucket's tensors as picked by {@code which} (the values
     * or the gradients), packing multi-tensor buckets through the flat buffer and writing the result back.
     */
    void forEach(java.util.function.Function<Parameter, Tensor> which, BiConsumer<MemorySegment, Long> collective) {
        for (List<Parameter> b : buckets) {
            if (b.size() == 1) {
                Tensor t = contiguous(which.apply(b.getFirst()));
                collective.accept(t.segment().asSlice(t.offset() * Float.BYTES, t.size() * Float.BYTES), t.size());
                continue;
            }
            long at = 0;
            for (Parameter p : b) {
                Tensor t = contiguous(which.apply(p));
                MemorySegment.copy(t.segment(), t.offset() * Float.BYTES, flat, at * Float.BYTES, t.size() * Float.BYTES);
                at += t.size();
            }
            collective.accept(flat, at);
            at = 0;
            for (Parameter p : b) {
                Tensor t = which.apply(p);
                MemorySegment.copy(flat, at * Float.BYTES, t.segment(), t.offset() * Float.BYTES, t.size() * Float.BYTES);
                at += t.size();
            }
        }
    }

    private static Tensor contiguous(Tensor t) {
        if (!t.isContiguous()) throw new IllegalStateException("parameter tensors must be contiguous, got " + t);
        return t;
    }
}
