package llmforge.io;

import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata(@TempDir Path dir) throws Exception {
        Map<String, Tensor> ts = new LinkedHashMap<>();
        ts.put("a.weight", Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 7}, 2, 3));
        ts.put("b", Tensor.of(new float[] {42}, 1));
        ts.put("t", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transposeLast2()); // a view is written by value
        Path p = dir.resolve("m.safetensors");
        SafetensorsWriter.write(p, ts, Map.of("format", "pt"));
        SafetensorsFile f = SafetensorsFile.open(p);
        assertEquals("pt", f.metadata().get("format"));
        assertArrayEquals(new int[] {2, 3}, f.entries().get("a.weight").shape());
        assertArrayEquals(ts.get("a.weight").toFloatArray(), f.tensor("a.weight").toFloatArray());
        assertArrayEquals(new float[] {42}, f.tensor("b").toFloatArray());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, f.tensor("t").toFloatArray());
        assertTrue(Files.list(dir).allMatch(x -> x.getFileName().toString().equals("m.safetensors")), "no temp file left");
    }

    @Test
    void corruptFilesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, new byte[] {1, 0, 0, 0, 0, 0, 0, 0x7f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
        Path q = dir.resolve("short.safetensors");
        byte[] hdr = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}".getBytes();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + hdr.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(hdr.length).put(hdr).putLong(0);
        Files.write(q, b.array());
        e = assertThrows(IllegalArgumentException.class, () -> SafetensorsFile.open(q));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("16 bytes"), e.getMessage());
    }
}
