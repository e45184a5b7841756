package llmforge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.UserException;

/**
 * Streams documents out of the configured sources, one file open at a time and one line or paragraph in memory at a
 * time (a whole-file document is the exception: it is the file). Folders are walked in name order, {@code .gz}
 * files are unpacked on the fly and invalid UTF-8 becomes U+FFFD, which the encoding filter then sees.
 * Not thread-safe: one reader feeds the worker threads.
 */
public final class DocumentReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Input(Path file, SourceConfig source, boolean jsonl) {}

    private final Deque<Input> pending = new ArrayDeque<>();
    private final BadInput bad;
    private Input current;
    private BufferedReader lines;
    private long lineNo;
    private int paragraphNo;
    private long filesRead;

    public DocumentReader(List<SourceConfig> sources, BadInput bad) {
        this.bad = bad;
        for (SourceConfig s : sources) {
            Path p = Path.of(s.path());
            if (!Files.exists(p)) throw new UserException("source '" + s.path() + "' does not exist");
            for (Path f : expand(p)) pending.add(new Input(f, s, isJsonl(s, f)));
        }
    }

    /** Every file the sources name, in the order they will be read; the byte total drives progress bars. */
    public static List<Path> files(List<SourceConfig> sources) {
        List<Path> out = new ArrayList<>();
        for (SourceConfig s : sources) if (Files.exists(Path.of(s.path()))) out.addAll(expand(Path.of(s.path())));
        return out;
    }

    private static List<Path> expand(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UserException("cannot list folder " + p + ": " + e.getMessage());
        }
    }

    private static boolean isJsonl(SourceConfig s, Path f) {
        if (!s.format().equals("auto")) return s.format().equals("jsonl");
        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.gz$", "");
        return name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson");
    }

    public long filesRead() { return filesRead; }

    /** The next document, or null when every source is exhausted. */
    public Document next() {
        while (true) {
            if (lines == null && !openNext()) return null;
            try {
                Document d = current.jsonl() ? nextJson()
                        : current.source().split().equals("paragraph") ? nextParagraph() : wholeFile();
                if (d != null) return d;
                closeCurrent();
            } catch (IOException e) {
                closeCurrent();
                bad.report(current.file().toString(), "cannot read (" + e.getMessage() + ")");
            }
        }
    }

    private boolean openNext() {
        while (!pending.isEmpty()) {
            current = pending.poll();
            try {
                InputStream in = Files.newInputStream(current.file());
                if (current.file().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
                var decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
                lines = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
                lineNo = 0;
                paragraphNo = 0;
                filesRead++;
                return true;
            } catch (IOException e) {
                bad.report(current.file().toString(), "cannot open (" + e.getMessage() + ")");
            }
        }
        return false;
    }

    private Document wholeFile() throws IOException {
        if (lineNo < 0) return null;
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[1 << 14];
        for (int n; (n = lines.read(buf)) > 0; ) sb.append(buf, 0, n);
        lineNo = -1; // the file's single document has been produced
        return doc(current.file().toString(), current.source().domain(), sb.toString(), JsonNodeFactory.instance.objectNode());
    }

    private Document nextParagraph() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                if (!sb.isEmpty()) break;
                continue;
            }
            sb.append(line).append('\n');
        }
        if (sb.isEmpty()) return null;
        return doc(current.file() + "#" + (++paragraphNo), current.source().domain(), sb.toString(),
                JsonNodeFactory.instance.objectNode());
    }

    private Document nextJson() throws IOException {
        SourceConfig s = current.source();
        for (String line; (line = lines.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            String where = current.file() + ":" + lineNo;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                bad.report(where, "bad JSON (" + e.getOriginalMessage() + ")");
                continue;
            }
            if (!(node instanceof ObjectNode obj)) {
                bad.report(where, "expected a JSON object per line");
                continue;
            }
            JsonNode text = obj.get(s.textField());
            if (text == null || !text.isTextual()) {
                bad.report(where, "expected a string field '" + s.textField() + "'");
                continue;
            }
            ObjectNode meta = obj.deepCopy();
            meta.remove(s.textField());
            String domain = s.domain();
            if (s.domainField() != null && obj.get(s.domainField()) != null && obj.get(s.domainField()).isTextual())
                domain = obj.get(s.domainField()).asText();
            return doc(where, domain, text.asText(), meta);
        }
        return null;
    }

    private static Document doc(String source, String domain, String text, ObjectNode meta) {
        return new Document(source, domain, text, meta);
    }

    private void closeCurrent() {
        try {
            if (lines != null) lines.close();
        } catch (IOException ignored) {
            // closing a reader we are done with: nothing left to lose
        }
        lines = null;
    }

    @Override public void close() { closeCurrent(); }
}
