package llmforge.tensor;

import llmforge.kernels.Bf16;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A frozen weight matrix (a reference or reward model's) stored as bfloat16: half the memory of float32. It is
 * widened to float32 inside the GEMM's packing step, so products and sums stay float32; training keeps float32
 * master weights and converts a copy when it freezes them.
 */
public final class Bf16Weights {
    private final MemorySegment data;
    private final int[] shape;

    private Bf16Weights(MemorySegment data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Rounds a float32 tensor (any layout) to bf16, round to nearest even. */
    public static Bf16Weights of(Tensor t) {
        Tensor c = t.isContiguous() ? t : t.contiguousCopy();
        MemorySegment d = Arena.ofAuto().allocate(Math.max(1, c.size()) * 2, 64);
        Bf16.fromFloat(c.segment(), c.offset(), d, 0, c.size());
        return new Bf16Weights(d, t.shape());
    }

    public int[] shape() { return shape.clone(); }

    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }

    public long size() { return Shape.numel(shape); }

    /** The bf16 values, row-major, 2 bytes each in native order. */
    public MemorySegment segment() { return data; }

    public long byteSize() { return size() * 2; }

    /** The values widened back to float32 (exact). */
    public Tensor toFloat() {
        Tensor t = Tensor.empty(shape);
        Bf16.toFloat(data, 0, t.segment(), t.offset(), size());
        return t;
    }

    @Override public String toString() { return "Bf16Weights" + Arrays.toString(shape); }
}
