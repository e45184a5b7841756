package llmforge.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A memory-mapped safetensors file (the HuggingFace weight format): an 8-byte little-endian header length, a
 * JSON header naming each tensor's dtype, shape and byte range, then the raw data. F32, F16 and BF16 load as
 * float32 tensors; I64/I32 as int arrays (token ids, targets in fixtures).
 */
public final class SafetensorsFile {
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /** One entry of the header. */
    public record Entry(String dtype, int[] shape, long begin, long end) {}

    private final Path path;
    private final MemorySegment data;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private SafetensorsFile(Path path, MemorySegment file) {
        this.path = path;
        long headerLen = file.get(LE_LONG, 0);
        if (headerLen <= 0 || headerLen > file.byteSize() - 8 || headerLen > 100_000_000) {
            throw new IllegalArgumentException(path + ": not a safetensors file (header length " + headerLen + ")");
        }
        byte[] hdr = file.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        this.data = file.asSlice(8 + headerLen);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(hdr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": safetensors header is not valid JSON: " + e.getMessage());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(e.getKey(), parseEntry(e.getKey(), e.getValue()));
        }
    }

    private Entry parseEntry(String name, JsonNode n) {
        JsonNode dtype = n.get("dtype"), shape = n.get("shape"), offs = n.get("data_offsets");
        if (dtype == null || shape == null || offs == null || !shape.isArray() || offs.size() != 2) {
            throw new IllegalArgumentException(path + ": tensor '" + name
                    + "' needs keys dtype, shape (array) and data_offsets ([begin, end])");
        }
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            if (!shape.get(i).canConvertToInt() || shape.get(i).asInt() < 0) {
                throw new IllegalArgumentException(path + ": tensor '" + name + "' has an invalid shape " + shape);
            }
            s[i] = shape.get(i).asInt();
        }
        Entry e = new Entry(dtype.asText(), s, offs.get(0).asLong(), offs.get(1).asLong());
        long expected = llmforge.tensor.Shape.numel(s) * bytesPer(e.dtype());
        if (e.begin() < 0 || e.end() - e.begin() != expected || e.end() > data.byteSize()) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' has byte range [" + e.begin() + ", "
                    + e.end() + ") but " + e.dtype() + java.util.Arrays.toString(s) + " needs " + expected + " bytes");
        }
        return e;
    }

    private int bytesPer(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "I64", "F64" -> 8;
            case "U8", "I8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException(path + ": unsupported dtype " + dtype);
        };
    }

    public static SafetensorsFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return new SafetensorsFile(path, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), Arena.ofAuto()));
        }
    }

    public Path path() { return path; }

    public Map<String, Entry> entries() { return entries; }

    public Map<String, String> metadata() { return metadata; }

    public boolean has(String name) { return entries.containsKey(name); }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException(path + ": no tensor named '" + name + "' (has " + entries.keySet() + ")");
        return e;
    }

    /** A float32 tensor (converted from F16/BF16/F64 when stored so), outside any memory scope. */
    public Tensor tensor(String name) {
        Entry e = entry(name);
        Tensor t = Tensor.persistent(e.shape());
        long n = t.size();
        MemorySegment src = data.asSlice(e.begin(), e.end() - e.begin());
        MemorySegment dst = t.segment();
        ValueLayout.OfFloat f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfShort s16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        switch (e.dtype()) {
            case "F32" -> MemorySegment.copy(src, f32, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, n);
            case "BF16" -> { for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, Float.intBitsToFloat((src.getAtIndex(s16, i) & 0xffff) << 16)); }
            case "F16" -> { for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, Float.float16ToFloat(src.getAtIndex(s16, i))); }
            case "F64" -> { for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) src.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i)); }
            default -> throw new IllegalArgumentException(path + ": tensor '" + name + "' is " + e.dtype() + ", not a float type");
        }
        return t.name(name);
    }

    /** An integer tensor (I64 or I32) as an int array. */
    public int[] ints(String name) {
        Entry e = entry(name);
        int n = Math.toIntExact(llmforge.tensor.Shape.numel(e.shape()));
        MemorySegment src = data.asSlice(e.begin(), e.end() - e.begin());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (e.dtype()) {
                case "I64" -> Math.toIntExact(src.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i));
                case "I32" -> src.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i);
                default -> throw new IllegalArgumentException(path + ": tensor '" + name + "' is " + e.dtype() + ", not I64/I32");
            };
        }
        return out;
    }
}
