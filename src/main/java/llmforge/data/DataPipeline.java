package llmforge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The whole chain: clean (read, normalise, filter, scrub) → dedup → pack (tokenise, split, mix, shard) → report.
 * Each step's key hashes its configuration and the key (or, for the first step, the files) it consumed, so a rerun
 * skips every step whose inputs and settings are unchanged and redoes everything downstream of a change.
 */
public final class DataPipeline {
    private final DataConfig cfg;
    private final Path out;
    private final List<String> skipped = new ArrayList<>();

    public DataPipeline(DataConfig cfg) {
        this.cfg = cfg;
        this.out = Path.of(cfg.output());
    }

    public Path outputDir() { return out; }

    public Path shardDir() { return out.resolve("shards"); }

    /** Steps taken from a previous run in the last {@link #run()}. */
    public List<String> skippedSteps() { return List.copyOf(skipped); }

    /** Runs the chain and returns the report (also written as report.json and report.html). */
    public ObjectNode run() throws IOException {
        Files.createDirectories(out);
        skipped.clear();
        String json = DocumentFiles.JSON.writeValueAsString(cfg);
        var mapper = DocumentFiles.JSON;

        Path clean = out.resolve("clean.jsonl");
        String cleanKey = StepMarker.key("clean", mapper.writeValueAsString(cfg.sources()),
                mapper.writeValueAsString(cfg.filters()), String.valueOf(cfg.pii()), cfg.onBadInput(), inputFingerprint());
        ObjectNode cleanReport = step("clean", cleanKey, clean, () -> new CleanStep(cfg).run(clean));

        Path dedup = out.resolve("dedup.jsonl");
        String dedupKey = StepMarker.key("dedup", cleanKey, mapper.writeValueAsString(cfg.dedup()));
        ObjectNode dedupReport = step("dedup", dedupKey, dedup, () -> new DedupStep(cfg).run(clean, dedup));

        String packKey = StepMarker.key("pack", dedupKey, mapper.writeValueAsString(cfg.mix()), String.valueOf(cfg.seed()),
                String.valueOf(cfg.maxEpochs()), String.valueOf(cfg.totalTokens()), String.valueOf(cfg.valFraction()),
                String.valueOf(cfg.shardTokens()), String.valueOf(cfg.tokenizer()), tokenizerFingerprint());
        ObjectNode packReport = step("pack", packKey, shardDir(), () -> new PackStep(cfg).run(dedup, shardDir()));

        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.set("config", mapper.readTree(json));
        report.set("clean", cleanReport);
        report.set("dedup", dedupReport);
        report.set("pack", packReport);
        report.set("resumed_steps", mapper.valueToTree(skipped));
        new DataReport(report).write(out.resolve("report.json"), out.resolve("report.html"));
        return report;
    }

    private interface StepBody {
        ObjectNode run() throws IOException;
    }

    private ObjectNode step(String name, String key, Path output, StepBody body) throws IOException {
        ObjectNode done = StepMarker.finished(out, name, key, output);
        if (done != null) {
            System.err.println("llmforge: step '" + name + "' is up to date, reusing " + output);
            skipped.add(name);
            return done;
        }
        Files.deleteIfExists(out.resolve(name + ".done.json"));
        long t0 = System.nanoTime();
        ObjectNode report = body.run();
        report.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        StepMarker.markDone(out, name, key, report);
        return report;
    }

    /** Paths, sizes and modification times of every input file: a changed or added file reruns the chain. */
    private String inputFingerprint() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path f : DocumentReader.files(cfg.sources()))
            sb.append(f).append('|').append(Files.size(f)).append('|').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        return sb.toString();
    }

    private String tokenizerFingerprint() throws IOException {
        if (cfg.tokenizer() == null) return "bytes";
        Path t = Path.of(cfg.tokenizer());
        return Files.exists(t) ? Files.size(t) + "|" + Files.getLastModifiedTime(t).toMillis() : "missing";
    }
}
