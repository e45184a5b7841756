package llmforge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;

/**
 * Writes the data report as JSON and as a self-contained HTML page: documents and sizes in and out of every step,
 * removals per filter with examples, the largest duplicate clusters, and domain shares achieved beside the targets.
 */
public final class DataReport {
    private final ObjectNode r;

    public DataReport(ObjectNode report) { this.r = report; }

    public void write(Path json, Path html) throws IOException {
        AtomicFiles.writeString(json, DocumentFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        AtomicFiles.writeString(html, html());
    }

    String html() {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>llmforge data report</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.ex{font:12px monospace;white-space:pre-wrap;color:#444}")
                .append("</style></head><body><h1>llmforge data report</h1>");
        JsonNode clean = r.path("clean"), dedup = r.path("dedup"), pack = r.path("pack");
        h.append("<h2>Steps</h2><table><tr><th>step</th><th>docs in</th><th>docs out</th><th>size in</th><th>size out</th><th>seconds</th></tr>");
        stepRow(h, "clean (normalise, filter, PII)", clean, "chars_in", "chars_out", " chars");
        stepRow(h, "dedup (exact + MinHash LSH)", dedup, "chars_in", "chars_out", " chars");
        h.append("<tr><td>pack (tokenise, mix, shard)</td>").append(num(pack.path("docs_in"))).append(num(pack.path("docs_out")))
                .append("<td></td><td class=n>").append(pack.path("tokens_out").asLong()).append(" tokens</td>")
                .append(num(pack.path("seconds"))).append("</tr></table>");
        if (r.path("resumed_steps").size() > 0)
            h.append("<p>Reused from an earlier run: ").append(esc(r.path("resumed_steps").toString())).append("</p>");

        h.append("<h2>Bad input</h2><p>").append(clean.path("bad_input").path("count").asLong()).append(" skipped</p>");
        for (JsonNode e : clean.path("bad_input").path("examples")) h.append("<div class=ex>").append(esc(e.asText())).append("</div>");

        h.append("<h2>Quality filters</h2><table><tr><th>filter</th><th>removed</th><th>examples</th></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = clean.path("filters").fields(); it.hasNext(); ) {
            var e = it.next();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td>").append(num(e.getValue().path("removed"))).append("<td>");
            for (JsonNode ex : e.getValue().path("examples")) example(h, ex);
            h.append("</td></tr>");
        }
        h.append("</table><p>Normalisation changed ").append(clean.path("normalisation").path("docs_changed").asLong())
                .append(" documents and removed ").append(clean.path("normalisation").path("non_printable_chars_removed").asLong())
                .append(" non-printable characters. PII replaced: ").append(esc(clean.path("pii").toString()))
                .append(". Scripts of kept documents: ").append(esc(clean.path("scripts").toString())).append(".</p>");

        h.append("<h2>Deduplication</h2><p>").append(dedup.path("exact_removed").asLong()).append(" exact and ")
                .append(dedup.path("near_removed").asLong()).append(" near duplicates removed, in ")
                .append(dedup.path("clusters").asLong()).append(" clusters.</p><table><tr><th>size</th><th>kept</th><th>removed</th></tr>");
        for (JsonNode c : dedup.path("largest_clusters")) {
            h.append("<tr>").append(num(c.path("size"))).append("<td>");
            example(h, c.path("kept"));
            h.append("</td><td>");
            for (JsonNode m : c.path("removed")) example(h, m);
            h.append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Domain mix (training split)</h2><table><tr><th>domain</th><th>target</th><th>achieved</th>")
                .append("<th>epochs</th><th>available tokens</th><th>tokens used</th></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = pack.path("mix").fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode m = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=n>").append(pct(m.path("target")))
                    .append("</td><td class=n>").append(pct(m.path("achieved"))).append("</td><td class=n>")
                    .append(String.format(Locale.ROOT, "%.2f", m.path("epochs").asDouble())).append("</td>")
                    .append(num(m.path("available_tokens"))).append(num(m.path("tokens"))).append("</tr>");
        }
        h.append("</table><p>Train: ").append(esc(pack.path("train").toString())).append("; validation: ")
                .append(esc(pack.path("val").toString())).append("; dtype ").append(esc(pack.path("dtype").asText()))
                .append(", tokenizer ").append(esc(pack.path("tokenizer").asText())).append(".</p></body></html>\n");
        return h.toString();
    }

    private static void stepRow(StringBuilder h, String name, JsonNode s, String in, String out, String unit) {
        h.append("<tr><td>").append(name).append("</td>").append(num(s.path("docs_in"))).append(num(s.path("docs_out")))
                .append("<td class=n>").append(s.path(in).asLong()).append(unit).append("</td><td class=n>")
                .append(s.path(out).asLong()).append(unit).append("</td>").append(num(s.path("seconds"))).append("</tr>");
    }

    private static void example(StringBuilder h, JsonNode ex) {
        h.append("<div class=ex><b>").append(esc(ex.path("source").asText()))
                .append(ex.has("how") ? " (" + esc(ex.path("how").asText()) + ")" : "").append("</b>\n")
                .append(esc(ex.path("text").asText())).append("</div>");
    }

    private static String num(JsonNode n) { return "<td class=n>" + (n.isMissingNode() ? "" : esc(n.asText())) + "</td>"; }

    private static String pct(JsonNode n) {
        return n.isNumber() && !Double.isNaN(n.asDouble()) ? String.format(Locale.ROOT, "%.1f %%", 100 * n.asDouble()) : "natural";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
