package llmforge.align;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.AtomicFiles;
import llmforge.tokenizer.ChatMessage;

/** The synth report (HTML): counts, the constitution, examples of every task, rankings with reasons and gold scores. */
final class SynthReport {
    private SynthReport() {}

    static void write(Path file, ObjectNode summary, Map<String, List<AlignmentSynth.Generated>> splits,
                      List<AlignmentSynth.RankedPrompt> ranked, Constitution constitution) throws IOException {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>llmforge alignment data</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append(".m{font:12px monospace;white-space:pre-wrap}.r{color:#555;font-size:12px}</style></head><body>")
                .append("<h1>llmforge alignment data</h1><h2>Counts</h2><table><tr><th>split</th><th>task</th><th>examples</th></tr>");
        summary.path("examples").properties().forEach(s -> s.getValue().properties().forEach(t ->
                h.append("<tr><td>").append(s.getKey()).append("</td><td>").append(esc(t.getKey())).append("</td><td>")
                        .append(t.getValue().asInt()).append("</td></tr>")));
        h.append("</table><p>").append(summary.path("ranking_prompts").asInt()).append(" ranking prompts, ")
                .append(summary.path("dpo_pairs").asInt()).append(" DPO pairs; the judge's ranking matches the generator's intended grades for ")
                .append(summary.path("rankings_matching_generation_grades").asInt()).append(" of them.</p>");

        h.append("<h2>Constitution: ").append(esc(constitution.name())).append("</h2><ol>");
        for (Constitution.Rule r : constitution.rules())
            h.append("<li value=").append(r.id()).append("><b>").append(esc(r.principle())).append("</b>: ").append(esc(r.text()))
                    .append(" <span class=r>(check ").append(r.check()).append(")</span></li>");
        h.append("</ol><h2>Examples of each task (SFT split)</h2><table><tr><th>task</th><th>prompt</th><th>answer</th><th>meta</th></tr>");
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (AlignmentSynth.Generated g : splits.get("sft")) {
            TaskMeta m = g.example().meta();
            String key = m.family() + "/" + m.format().kind() + "/" + m.lang();
            if (shown.merge(key, 1, Integer::sum) > 1) continue;
            h.append("<tr><td>").append(esc(key)).append("</td><td class=m>").append(esc(conversation(g.example().prompt())))
                    .append("</td><td class=m>").append(esc(g.example().answer())).append("</td><td class=m>")
                    .append(esc(AlignmentJsonl.JSON.valueToTree(m).toString())).append("</td></tr>");
        }
        h.append("</table><h2>Rankings and judge decisions</h2>");
        Map<String, Integer> perFamily = new LinkedHashMap<>();
        for (AlignmentSynth.RankedPrompt rp : ranked) {
            if (perFamily.merge(rp.example().meta().family(), 1, Integer::sum) > 2) continue;
            h.append("<h3>").append(esc(rp.example().meta().family())).append(" (").append(rp.example().meta().lang())
                    .append(")</h3><div class=m>").append(esc(conversation(rp.example().prompt())))
                    .append("</div><table><tr><th>rank</th><th>response</th><th>gold correctness / format / refusal / length → total</th></tr>");
            for (int k = 0; k < rp.ranking().order().size(); k++) {
                int i = rp.ranking().order().get(k);
                GoldScore s = GoldJudge.score(rp.example().prompt(), rp.responses().get(i), rp.example().meta());
                h.append("<tr><td>").append(k + 1).append(" (").append(ConstitutionalJudge.letter(i)).append(")</td><td class=m>")
                        .append(esc(rp.responses().get(i))).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f / %.0f / %.0f / %.2f → <b>%.2f</b>", s.correctness(), s.format(), s.refusal(), s.length(), s.total()))
                        .append("</td></tr>");
            }
            h.append("</table><ul class=r>");
            for (String r : rp.ranking().reasons()) h.append("<li>").append(esc(r)).append("</li>");
            h.append("</ul>");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    private static String conversation(List<ChatMessage> ms) {
        StringBuilder b = new StringBuilder();
        for (ChatMessage m : ms) b.append(m.role()).append(": ").append(m.content()).append('\n');
        return b.toString().strip();
    }

    static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"); }
}
