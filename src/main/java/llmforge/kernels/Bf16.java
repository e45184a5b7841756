package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * bfloat16 storage: the top 16 bits of a float32 (same exponent range, 8 significant bits). float → bf16 rounds to
 * nearest, ties to even (overflow goes to ±Inf, subnormals round like any other value, NaN stays a quiet NaN with
 * its sign); bf16 → float is exact. Offsets are in elements (floats or bf16 values). Twin: {@link Bf16Reference}.
 */
public final class Bf16 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** As many 16-bit lanes as a float vector has 32-bit lanes. */
    static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int V = S.length();
    private static final ValueLayout.OfShort BF = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final long GRAIN = 1 << 16;

    private Bf16() {}

    /** One float → bf16 bits, round to nearest even. */
    public static short round(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40); // keep sign and payload top, force quiet
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** bf16 bits → float (exact). */
    public static float widen(short h) { return Float.intBitsToFloat(h << 16); }

    /** dst[dstOff + i] = bf16(src[srcOff + i]) for i in [0, n). */
    public static void fromFloat(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            long i = from;
            for (; i + V <= to; i += V) {
                IntVector bits = FloatVector.fromMemorySegment(S, src, (srcOff + i) * 4, NO).reinterpretAsInts();
                VectorMask<Integer> nan = bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000);
                IntVector rounded = bits.add(bits.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7FFF)
                        .lanewise(VectorOperators.LSHR, 16);
                IntVector quiet = bits.lanewise(VectorOperators.LSHR, 16).or(0x40);
                ((ShortVector) rounded.blend(quiet, nan).convertShape(VectorOperators.I2S, H, 0))
                        .intoMemorySegment(dst, (dstOff + i) * 2, NO);
            }
            for (; i < to; i++) dst.set(BF, (dstOff + i) * 2, round(src.get(F, (srcOff + i) * 4)));
        });
    }

    /** dst[dstOff + i] = float(src[srcOff + i]) for i in [0, n). */
    public static void toFloat(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            long i = from;
            for (; i + V <= to; i += V) widenVector(src, srcOff + i).intoMemorySegment(dst, (dstOff + i) * 4, NO);
            for (; i < to; i++) dst.set(F, (dstOff + i) * 4, widen(src.get(BF, (srcOff + i) * 2)));
        });
    }

    /** V consecutive bf16 values at element {@code idx}, widened. */
    static FloatVector widenVector(MemorySegment src, long idx) {
        ShortVector h = ShortVector.fromMemorySegment(H, src, idx * 2, NO);
        return ((IntVector) h.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
