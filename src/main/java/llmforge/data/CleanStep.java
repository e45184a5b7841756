package llmforge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;

/**
 * Step 1: read every source, normalise, apply the quality filters and scrub PII; writes the surviving documents
 * to a JSONL file and returns its report section.
 */
public final class CleanStep {
    private record Outcome(Document doc, String removedBy, PiiScrubber.Counts pii, Script script, boolean changed,
                           int nonPrintable, int rawChars) {}

    private final DataConfig cfg;
    private final TextNormalizer normalizer = new TextNormalizer();
    private final QualityFilters filters;
    private final PiiScrubber scrubber = new PiiScrubber();

    public CleanStep(DataConfig cfg) {
        this.cfg = cfg;
        this.filters = new QualityFilters(cfg.filters());
    }

    public ObjectNode run(Path output) throws IOException {
        BadInput bad = new BadInput(BadInput.parsePolicy(cfg.onBadInput()));
        RemovalTally removed = new RemovalTally(QualityFilters.RULES);
        long[] t = new long[9]; // docs in/out, chars in/out, emails, phones, ips, docs changed by normalising, non-printable
        Map<String, long[]> perDomain = new TreeMap<>();
        Map<String, Long> scripts = new TreeMap<>();
        int files = DocumentReader.files(cfg.sources()).size();
        try (DocumentReader reader = new DocumentReader(cfg.sources(), bad);
             ProgressBar bar = new ProgressBar("clean", files, "files")) {
            AtomicFiles.write(output, out -> OrderedParallelMap.run(reader::next, cfg.threads(), this::process, o -> {
                long[] d = perDomain.computeIfAbsent(o.doc().domain(), k -> new long[2]);
                t[0]++; d[0]++;
                t[2] += o.rawChars();
                if (o.changed()) t[7]++;
                t[8] += o.nonPrintable();
                if (o.removedBy() != null) {
                    removed.add(o.removedBy(), o.doc().source(), o.doc().text());
                } else {
                    t[1]++; d[1]++;
                    t[3] += o.doc().text().length();
                    t[4] += o.pii().emails(); t[5] += o.pii().phones(); t[6] += o.pii().ips();
                    scripts.merge(o.script().key(), 1L, Long::sum);
                    try {
                        DocumentFiles.write(out, o.doc());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                bar.update(reader.filesRead(), t[1] + "/" + t[0] + " docs kept");
            }));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("docs_in", t[0]).put("docs_out", t[1]).put("chars_in", t[2]).put("chars_out", t[3]);
        r.putObject("bad_input").put("count", bad.count()).set("examples", DocumentFiles.JSON.valueToTree(bad.examples()));
        r.putObject("normalisation").put("docs_changed", t[7]).put("non_printable_chars_removed", t[8]);
        r.set("filters", removed.toJson());
        r.putObject("pii").put("emails", t[4]).put("phones", t[5]).put("ips", t[6]);
        r.set("scripts", DocumentFiles.JSON.valueToTree(scripts));
        ObjectNode dom = r.putObject("domains");
        perDomain.forEach((k, v) -> dom.putObject(k).put("docs_in", v[0]).put("docs_out", v[1]));
        return r;
    }

    private Outcome process(Document doc) {
        TextNormalizer.Result n = normalizer.normalize(doc.text());
        boolean changed = !n.text().equals(doc.text());
        String rule = filters.check(n);
        if (rule != null)
            return new Outcome(doc.withText(n.text()), rule, null, null, changed, n.nonPrintable(), doc.text().length());
        PiiScrubber.Counts none = new PiiScrubber.Counts(0, 0, 0);
        PiiScrubber.Result p = cfg.pii() ? scrubber.scrub(n.text()) : new PiiScrubber.Result(n.text(), none);
        return new Outcome(doc.withText(p.text()), null, p.counts(), Script.detect(p.text()), changed,
                n.nonPrintable(), doc.text().length());
    }
}
