package llmforge.kernels;

import java.lang.foreign.MemorySegment;

/**
 * A 4-d float array (batch, head, position, headDim) inside a segment: the float offset of element (0,0,0,0)
 * and the float strides of batch, head and position; headDim is contiguous. Strides let the same kernel read
 * (B, H, T, D) and (B, T, H, D) buffers.
 */
public record HeadsView(MemorySegment segment, long offset, long batchStride, long headStride, long posStride) {
    /** Float offset of row (b, h, t). */
    long row(int b, int h, int t) { return offset + b * batchStride + h * headStride + t * posStride; }

    /** A contiguous (B, H, T, D) buffer. */
    public static HeadsView bhtd(MemorySegment seg, long offset, int heads, int positions, int headDim) {
        return new HeadsView(seg, offset, (long) heads * positions * headDim, (long) positions * headDim, headDim);
    }

    /** A contiguous (B, T, H, D) buffer. */
    public static HeadsView bthd(MemorySegment seg, long offset, int heads, int positions, int headDim) {
        return new HeadsView(seg, offset, (long) heads * positions * headDim, headDim, (long) heads * headDim);
    }
}
