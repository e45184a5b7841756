package llmforge.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The text a tokenizer trains on: files and folders (walked in sorted order, so training is deterministic) of
 * plain text, or JSONL whose lines carry a {@code text} field; either may be gzipped ({@code .gz}).
 */
public final class TrainingCorpus {
    private static final int CHUNK_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Path> files;

    private TrainingCorpus(List<Path> files) { this.files = files; }

    public static TrainingCorpus of(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UserException("cannot list " + in + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new UserException("training input " + in + " does not exist");
            }
        }
        if (files.isEmpty()) throw new UserException("the training corpus is empty: no files under " + inputs);
        return new TrainingCorpus(files);
    }

    public List<Path> files() { return files; }

    /** The bytes on disk (compressed size for .gz), for progress. */
    public long sizeOnDisk() {
        long total = 0;
        for (Path f : files) {
            try { total += Files.size(f); } catch (IOException e) { /* counted as 0: progress only */ }
        }
        return total;
    }

    /**
     * Hands every document to {@code sink}: a JSONL line's text, or a plain-text file in chunks of about a
     * megabyte cut after a newline (a chunk boundary only ever falls where a piece boundary is anyway).
     * {@code fileDone} gets each file's size on disk once it is read.
     */
    public void forEachDocument(Consumer<String> sink, java.util.function.LongConsumer fileDone) {
        for (Path f : files) {
            String name = f.getFileName().toString();
            boolean gz = name.endsWith(".gz");
            String inner = gz ? name.substring(0, name.length() - 3) : name;
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                if (inner.endsWith(".jsonl") || inner.endsWith(".json")) readJsonl(f, r, sink);
                else readText(r, sink);
                fileDone.accept(Files.size(f));
            } catch (IOException e) {
                throw new UserException("cannot read " + f + ": " + e.getMessage());
            }
        }
    }

    private static void readJsonl(Path f, BufferedReader r, Consumer<String> sink) throws IOException {
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UserException(f + ":" + lineNo + ": not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual()) {
                throw new UserException(f + ":" + lineNo + ": expected an object with a string field \"text\"");
            }
            sink.accept(text.asText());
        }
    }

    private static void readText(BufferedReader r, Consumer<String> sink) throws IOException {
        StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 4096);
        for (String line; (line = r.readLine()) != null; ) {
            chunk.append(line).append('\n');
            if (chunk.length() >= CHUNK_CHARS) {
                sink.accept(chunk.toString());
                chunk.setLength(0);
            }
        }
        if (!chunk.isEmpty()) sink.accept(chunk.toString());
    }
}
