package llmforge.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;

/** Step 2: drop exact and near duplicates of the cleaned documents, keeping the first of each cluster. */
public final class DedupStep {
    private static final int CLUSTERS_SHOWN = 10, MEMBERS_SHOWN = 4;

    private final DataConfig cfg;

    public DedupStep(DataConfig cfg) { this.cfg = cfg; }

    public ObjectNode run(Path input, Path output) throws IOException {
        long docs = DocumentFiles.countLines(input);
        DuplicateFinder.Verdicts v;
        try (var reader = new DocumentFiles.Reader(input); var bar = new ProgressBar("dedup: hash", docs, "docs")) {
            v = new DuplicateFinder(cfg.dedup(), cfg.threads()).find(() -> {
                Document d = reader.get();
                return d == null ? null : d.text();
            }, () -> bar.step(1));
        }
        // duplicate clusters by the document each one keeps
        Map<Integer, List<Integer>> clusters = new HashMap<>();
        for (int i = 0; i < v.size(); i++) if (!v.kept(i)) clusters.computeIfAbsent(v.keptAs()[i], k -> new ArrayList<>()).add(i);
        // the largest clusters for the report: half with near duplicates, half exact-only, so both kinds show
        java.util.Comparator<Integer> bySize = (a, b) -> clusters.get(b).size() != clusters.get(a).size()
                ? Integer.compare(clusters.get(b).size(), clusters.get(a).size()) : Integer.compare(a, b);
        java.util.function.Predicate<Integer> hasNear = rep -> clusters.get(rep).stream().anyMatch(m -> !v.exact()[m]);
        List<Integer> shown = new ArrayList<>(clusters.keySet().stream().filter(hasNear).sorted(bySize).limit(CLUSTERS_SHOWN / 2).toList());
        clusters.keySet().stream().filter(hasNear.negate()).sorted(bySize).limit(CLUSTERS_SHOWN - shown.size()).forEach(shown::add);
        Map<Integer, ObjectNode> snippets = new HashMap<>();
        for (int rep : shown) {
            snippets.put(rep, null);
            clusters.get(rep).stream().limit(MEMBERS_SHOWN - 1).forEach(m -> snippets.put(m, null));
        }
        long[] t = new long[3]; // docs out, chars in, chars out
        Map<String, long[]> perDomain = new TreeMap<>();
        try (var reader = new DocumentFiles.Reader(input); var bar = new ProgressBar("dedup: write", docs, "docs")) {
            AtomicFiles.write(output, out -> {
                Document d;
                for (int i = 0; (d = reader.get()) != null; i++) {
                    long[] dom = perDomain.computeIfAbsent(d.domain(), k -> new long[2]);
                    dom[0]++;
                    t[1] += d.text().length();
                    if (snippets.containsKey(i)) snippets.put(i, RemovalTally.example(d.source(), d.text()));
                    if (v.kept(i)) {
                        DocumentFiles.write(out, d);
                        t[0]++; dom[1]++;
                        t[2] += d.text().length();
                    }
                    bar.step(1);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("docs_in", v.size()).put("docs_out", t[0]).put("chars_in", t[1]).put("chars_out", t[2])
                .put("exact_removed", v.exactRemoved()).put("near_removed", v.nearRemoved())
                .put("near_pairs", v.nearPairs().size()).put("clusters", clusters.size());
        ArrayNode arr = r.putArray("largest_clusters");
        for (int rep : shown) {
            ObjectNode c = arr.addObject().put("size", clusters.get(rep).size() + 1);
            c.set("kept", snippets.get(rep));
            ArrayNode rm = c.putArray("removed");
            clusters.get(rep).stream().limit(MEMBERS_SHOWN - 1)
                    .forEach(m -> rm.add(snippets.get(m).put("how", v.exact()[m] ? "exact" : "near")));
        }
        ObjectNode dom = r.putObject("domains");
        new LinkedHashMap<>(perDomain).forEach((k, x) -> dom.putObject(k).put("docs_in", x[0]).put("docs_out", x[1]));
        return r;
    }
}
