package llmforge.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Writes float32 tensors as a safetensors file, atomically (see {@link AtomicFiles}). */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Tensors are written in the map's iteration order; metadata values are strings per the format. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", "F32");
            var shape = n.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long bytes = t.size() * Float.BYTES;
            n.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] head = json.writeValueAsBytes(header);
        int padded = (head.length + 7) / 8 * 8; // the format allows trailing spaces; 8-byte alignment helps mmap
        AtomicFiles.write(path, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(head);
            out.write(" ".repeat(padded - head.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : tensors.values()) writeFloats(out, t);
        });
    }

    private static void writeFloats(OutputStream out, Tensor t) throws IOException {
        float[] buf = new float[1 << 14];
        ByteBuffer bytes = ByteBuffer.allocate(buf.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        Tensor c = t.isContiguous() ? t : t.contiguousCopy();
        long n = c.size();
        for (long at = 0; at < n; at += buf.length) {
            int len = (int) Math.min(buf.length, n - at);
            java.lang.foreign.MemorySegment.copy(c.segment(), java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED,
                    (c.offset() + at) * 4, buf, 0, len);
            bytes.clear();
            bytes.asFloatBuffer().put(buf, 0, len);
            out.write(bytes.array(), 0, len * 4);
        }
    }
}
