package llmforge.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A float32 tensor: a shape, element strides and an offset into a {@link Storage}. Views (reshape, slices along
 * the first dims, transpose of the last two) share storage. Autograd state — whether a gradient is wanted and
 * the gradient itself — lives here; the tape in {@code llmforge.autograd} fills it.
 */
public final class Tensor {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long[] strides;
    private boolean requiresGrad;
    private Tensor grad;
    private String name;

    private Tensor(Storage storage, long offset, int[] shape, long[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---- creation ----

    /** Uninitialised inside a memory scope (pooled buffer), zero-filled outside one. */
    public static Tensor empty(int... shape) {
        int[] s = Shape.check(shape);
        return new Tensor(MemoryScope.allocate(Shape.numel(s)), 0, s, Shape.contiguousStrides(s));
    }

    public static Tensor zeros(int... shape) {
        Tensor t = empty(shape);
        if (MemoryScope.active()) t.fill(0f);
        return t;
    }

    /** A zero tensor that outlives every scope: parameters, gradients of parameters, optimiser state. */
    public static Tensor persistent(int... shape) {
        int[] s = Shape.check(shape);
        return new Tensor(Storage.persistent(Shape.numel(s)), 0, s, Shape.contiguousStrides(s));
    }

    /**
     * A tensor over existing native memory (e.g. a memory-mapped weight file): no copy, no scope; the segment must
     * hold the shape's floats in native byte order.
     */
    public static Tensor wrap(MemorySegment segment, int... shape) {
        int[] s = Shape.check(shape);
        long n = Shape.numel(s);
        if (segment.byteSize() < n * Float.BYTES) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold " + Arrays.toString(s));
        }
        return new Tensor(new Storage(segment, n, false), 0, s, Shape.contiguousStrides(s));
    }

    public static Tensor of(float[] values, int... shape) {
        int[] s = Shape.check(shape);
        if (Shape.numel(s) != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(s));
        }
        Tensor t = empty(s);
        MemorySegment.copy(values, 0, t.segment(), Storage.F32, 0, values.length);
        return t;
    }

    public static Tensor scalar(float v) { return of(new float[] {v}); }

    // ---- geometry ----

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    /** Size of dimension i; negative i counts from the end. */
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }

    public long size() { return Shape.numel(shape); }

    public long stride(int i) { return strides[i < 0 ? strides.length + i : i]; }

    public boolean isContiguous() { return Arrays.equals(strides, Shape.contiguousStrides(shape)); }

    /** Whether this is a contiguous tensor with its last two dims swapped (a transposed matrix view). */
    public boolean isTransposedLast2() {
        if (shape.length < 2) return false;
        int[] s = shape.clone();
        int r = s.length;
        int tmp = s[r - 1]; s[r - 1] = s[r - 2]; s[r - 2] = tmp;
        long[] base = Shape.contiguousStrides(s);
        long t = base[r - 1]; base[r - 1] = base[r - 2]; base[r - 2] = t;
        return Arrays.equals(strides, base);
    }

    public Storage storage() { return storage; }

    public MemorySegment segment() { return storage.segment(); }

    /** Offset of the first element, in floats. */
    public long offset() { return offset; }

    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }

    // ---- views (no autograd: the ops in llmforge.autograd wrap them) ----

    /** Same data, new shape (one dim may be -1); the tensor must be contiguous. */
    public Tensor view(int... newShape) {
        requireContiguous("view");
        int[] s = Shape.resolve(newShape, size());
        return new Tensor(storage, offset, s, Shape.contiguousStrides(s));
    }

    /** Rows [from, to) of the first dimension. */
    public Tensor slice0(int from, int to) {
        if (rank() == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of dim 0 of " + this);
        }
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(storage, offset + from * strides[0], s, strides.clone());
    }

    /** Element i of the first dimension, with that dimension dropped. */
    public Tensor select0(int i) {
        Tensor t = slice0(i, i + 1);
        return new Tensor(storage, t.offset, Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(strides, 1, strides.length));
    }

    /** Swaps the last two dims without moving data. */
    public Tensor transposeLast2() {
        if (rank() < 2) throw new IllegalArgumentException("transpose needs rank >= 2, got " + this);
        int r = rank();
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[r - 1] = shape[r - 2]; s[r - 2] = shape[r - 1];
        st[r - 1] = strides[r - 2]; st[r - 2] = strides[r - 1];
        return new Tensor(storage, offset, s, st);
    }

    /** The same data with dims reordered: output dim i is input dim {@code dims[i]}. */
    public Tensor permuteView(int... dims) {
        if (dims.length != rank()) throw new IllegalArgumentException("permute " + Arrays.toString(dims) + " of " + this);
        int[] s = new int[dims.length];
        long[] st = new long[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i] < 0 ? dims[i] + rank() : dims[i];
            if (d < 0 || d >= rank() || seen[d]) throw new IllegalArgumentException("bad permutation " + Arrays.toString(dims));
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
        }
        return new Tensor(storage, offset, s, st);
    }

    public long[] strides() { return strides.clone(); }

    // ---- element access (slow path: tests, small tensors, I/O) ----

    /** Element at a flat row-major index of the logical shape (works for views too). */
    public float get(long flat) { return segment().getAtIndex(Storage.F32, address(flat)); }

    public void set(long flat, float v) { segment().setAtIndex(Storage.F32, address(flat), v); }

    private long address(long flat) {
        long a = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            a += (flat % shape[d]) * strides[d];
            flat /= shape[d];
        }
        return a;
    }

    public float item() {
        if (size() != 1) throw new IllegalStateException("item() needs a single element, got " + this);
        return get(0);
    }

    public float[] toFloatArray() {
        if (size() > Integer.MAX_VALUE - 8) throw new IllegalStateException("too large for a Java array: " + this);
        float[] out = new float[(int) size()];
        if (isContiguous()) {
            MemorySegment.copy(segment(), Storage.F32, offset * Float.BYTES, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = get(i);
        }
        return out;
    }

    public double[] toDoubleArray() {
        float[] f = toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    public Tensor copyFrom(float[] values) {
        requireContiguous("copyFrom");
        if (values.length != size()) throw new IllegalArgumentException(values.length + " values for " + this);
        MemorySegment.copy(values, 0, segment(), Storage.F32, offset * Float.BYTES, values.length);
        return this;
    }

    /** Copies another tensor's elements (any layout) into this one (same shape). */
    public Tensor copyFrom(Tensor src) {
        if (!sameShape(src)) throw new IllegalArgumentException("copy " + src + " into " + this);
        if (isContiguous() && src.isContiguous()) {
            MemorySegment.copy(src.segment(), src.offset * Float.BYTES, segment(), offset * Float.BYTES,
                    size() * Float.BYTES);
        } else {
            for (long i = 0, n = size(); i < n; i++) set(i, src.get(i));
        }
        return this;
    }

    public Tensor fill(float v) {
        requireContiguous("fill");
        if (v == 0f && Float.floatToRawIntBits(v) == 0) {
            segment().asSlice(offset * Float.BYTES, size() * Float.BYTES).fill((byte) 0);
        } else {
            MemorySegment s = segment();
            for (long i = offset, e = offset + size(); i < e; i++) s.setAtIndex(Storage.F32, i, v);
        }
        return this;
    }

    /** A contiguous copy in the current memory scope. */
    public Tensor contiguousCopy() { return empty(shape).copyFrom(this); }

    /** A contiguous copy that outlives every memory scope. */
    public Tensor persistentCopy() { return persistent(shape).copyFrom(this); }

    public void requireContiguous(String what) {
        if (!isContiguous()) throw new IllegalStateException(what + " needs a contiguous tensor, got a view " + this);
    }

    // ---- autograd state ----

    public boolean requiresGrad() { return requiresGrad; }

    public Tensor requiresGrad(boolean r) {
        this.requiresGrad = r;
        return this;
    }

    /** The accumulated gradient, or null before any backward pass reached this tensor. */
    public Tensor grad() { return grad; }

    public void setGrad(Tensor g) {
        if (g != null && !sameShape(g)) throw new IllegalArgumentException("gradient " + g + " for " + this);
        this.grad = g;
    }

    public String name() { return name; }

    public Tensor name(String n) {
        this.name = n;
        return this;
    }

    @Override public String toString() {
        return (name == null ? "Tensor" : name) + Arrays.toString(shape);
    }
}
