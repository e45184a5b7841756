package llmforge.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.SafetensorsFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds model directories the way other tools write them (half-precision dtypes, shards, renamed or extra
 * tensors), from the float32 tensors of one of ours, so loading can be tested on those variants.
 */
final class HfVariantWriter {
    private HfVariantWriter() {}

    /** One tensor as stored: dtype name, shape, raw little-endian bytes. */
    record Raw(String dtype, int[] shape, byte[] bytes) {}

    static Map<String, float[]> floats(SafetensorsFile f) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (String n : f.entries().keySet()) m.put(n, f.tensor(n).toFloatArray());
        return m;
    }

    static Raw f32(int[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return new Raw("F32", shape, b.array());
    }

    static Raw f16(int[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putShort(Float.floatToFloat16(x));
        return new Raw("F16", shape, b.array());
    }

    static Raw bf16(int[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putShort((short) (toBf16Bits(x) >>> 16));
        return new Raw("BF16", shape, b.array());
    }

    /** float32 rounded to bfloat16 (round to nearest, ties to even), as float32 bits with the low half zero. */
    static int toBf16Bits(float x) {
        int bits = Float.floatToRawIntBits(x);
        return (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
    }

    static void write(Path file, Map<String, Raw> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long at = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (var e : tensors.entrySet()) {
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", e.getValue().dtype());
            var s = n.putArray("shape");
            for (int d : e.getValue().shape()) s.add(d);
            n.putArray("data_offsets").add(at).add(at + e.getValue().bytes().length);
            at += e.getValue().bytes().length;
            data.write(e.getValue().bytes());
        }
        byte[] head = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
        out.write(head);
        data.writeTo(out);
        Files.write(file, out.toByteArray());
    }
}
