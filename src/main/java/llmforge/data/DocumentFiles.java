package llmforge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSONL files that pass documents between steps: one {@code {"source","domain","text","meta"}} object per line. */
final class DocumentFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private DocumentFiles() {}

    static void write(OutputStream out, Document d) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("source", d.source()).put("domain", d.domain()).put("text", d.text()).set("meta", d.meta());
        out.write(JSON.writeValueAsBytes(o));
        out.write('\n');
    }

    /** A pull reader over a step's output; call {@link Reader#close()} when done. */
    static final class Reader implements Supplier<Document>, AutoCloseable {
        private final BufferedReader in;
        private final Path file;
        private long line;

        Reader(Path file) {
            this.file = file;
            try {
                in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file, e);
            }
        }

        @Override public Document get() {
            try {
                String s = in.readLine();
                if (s == null) return null;
                line++;
                JsonNode o = JSON.readTree(s);
                return new Document(o.get("source").asText(), o.get("domain").asText(), o.get("text").asText(),
                        (ObjectNode) o.get("meta"));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(file + ":" + line + ": corrupt intermediate file; delete it and rerun", e);
            }
        }

        @Override public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only file: nothing to flush
            }
        }
    }

    static long countLines(Path file) throws IOException {
        try (BufferedReader r = openText(file)) {
            return r.lines().count();
        }
    }

    /** A UTF-8 reader over a file, unpacking it when its name ends in {@code .gz}. */
    static BufferedReader openText(Path file) throws IOException {
        java.io.InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new java.util.zip.GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
