package llmforge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import com.fasterxml.jackson.databind.JsonNode;

import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;

/**
 * {@code llmforge data dedup}: drops exact and near duplicates from a JSONL file (.gz or plain). The lines of the
 * documents kept are copied byte for byte, so every field survives. Two passes: sketch everything, then copy the keepers.
 */
public final class JsonlDeduplicator {
    public record Summary(long docsIn, long kept, long exactRemoved, long nearRemoved, long badLines) {
        @Override public String toString() {
            return String.format("{\"docs_in\":%d,\"kept\":%d,\"exact_removed\":%d,\"near_removed\":%d,\"bad_lines\":%d}",
                    docsIn, kept, exactRemoved, nearRemoved, badLines);
        }
    }

    private final DedupConfig cfg;
    private final String textField;
    private final BadInput.Policy policy;
    private final int threads;

    public JsonlDeduplicator(DedupConfig cfg, String textField, BadInput.Policy policy, int threads) {
        this.cfg = cfg;
        this.textField = textField;
        this.policy = policy;
        this.threads = threads;
    }

    public Summary run(Path input, Path output) throws IOException {
        if (!Files.isRegularFile(input)) throw new UserException("input " + input + " does not exist");
        BadInput bad = new BadInput(policy);
        BitSet docLines = new BitSet();
        long lines = DocumentFiles.countLines(input);
        DuplicateFinder.Verdicts v;
        try (BufferedReader in = DocumentFiles.openText(input);
             ProgressBar bar = new ProgressBar("dedup: hash", lines, "lines")) {
            int[] lineNo = {0};
            v = new DuplicateFinder(cfg, threads).find(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        int n = lineNo[0]++;
                        bar.step(1);
                        String text = text(line, input + ":" + (n + 1), bad);
                        if (text != null) { docLines.set(n); return text; }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, () -> {});
        }
        long[] kept = {0};
        try (BufferedReader in = DocumentFiles.openText(input)) {
            AtomicFiles.write(output, raw -> {
                // a .gz output name gets gzip, like the inputs
                java.io.OutputStream out = output.getFileName().toString().endsWith(".gz") ? new java.util.zip.GZIPOutputStream(raw) : raw;
                int doc = 0, n = 0;
                for (String line; (line = in.readLine()) != null; n++) {
                    if (!docLines.get(n)) continue;
                    if (v.kept(doc++)) {
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                        kept[0]++;
                    }
                }
                if (out instanceof java.util.zip.GZIPOutputStream gz) gz.finish();
            });
        }
        return new Summary(v.size(), kept[0], v.exactRemoved(), v.nearRemoved(), bad.count());
    }

    private String text(String line, String where, BadInput bad) {
        if (line.isBlank()) return null;
        JsonNode node;
        try {
            node = DocumentFiles.JSON.readTree(line);
        } catch (IOException e) {
            bad.report(where, "bad JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
        JsonNode t = node == null ? null : node.get(textField);
        if (t == null || !t.isTextual()) {
            bad.report(where, "expected a JSON object with a string field '" + textField + "'");
            return null;
        }
        return t.asText();
    }
}
