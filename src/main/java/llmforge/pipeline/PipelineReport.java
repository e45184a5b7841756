package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import llmforge.io.AtomicFiles;
import llmforge.train.MetricsLog;
import llmforge.train.RunReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static llmforge.train.RunReport.esc;

/**
 * The whole run in one page: the stages (key, time, code, numbers), the models side by side on the held-out
 * prompts, their answers to the same examples, the recipe's warnings with verdicts, and every stage's curves.
 */
final class PipelineReport {
    static {
        System.setProperty("java.awt.headless", "true");   // charts render off-screen on servers without a display
    }

    private PipelineReport() {}

    /** Writes the page from the stage folders; returns the warnings' verdicts. */
    static List<RecipeWarnings.Warning> write(Path file, String name, Map<String, Path> dirs, List<String> modelStages) throws IOException {
        Map<String, Lineage> lineages = new LinkedHashMap<>();
        dirs.forEach((stage, dir) -> Lineage.read(dir).ifPresent(l -> lineages.put(stage, l)));
        List<ModelEvaluation.Result> models = new ArrayList<>();
        Map<String, ModelEvaluation.Result> byLabel = new LinkedHashMap<>();
        for (String m : modelStages) {
            ModelEvaluation.Result r = EvalStep.read(dirs.get(StageNames.evalOf(m)));
            models.add(r);
            byLabel.put(r.model(), r);
        }
        Path ppoDir = dirs.get(StageNames.PPO);
        MetricsLog ppo = ppoDir == null ? null : StageCurves.metrics(ppoDir);
        Lineage ppoLineage = lineages.get(StageNames.PPO);
        boolean learned = ppoLineage != null && ppoLineage.config().path("reward").path("type").asText().equals("model");
        List<RecipeWarnings.Warning> warnings = RecipeWarnings.assess(byLabel, ppo, learned);

        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(name))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}td,th{padding:2px 8px;"
                        + "text-align:left;vertical-align:top}img{max-width:100%}.OK{color:#070}.WARNING{color:#b00}.UNCLEAR{color:#a60}"
                        + ".NOT_MEASURED{color:#777}</style></head><body>");
        h.append("<h1>").append(esc(name)).append("</h1><p>Written ").append(Instant.now()).append(". Every stage folder holds its ")
                .append(Lineage.FILE).append(" (exact config, input keys, code version, seed) and, for training stages, its own report.html.</p>");
        stages(h, dirs, lineages);
        if (!models.isEmpty()) {
            ModelComparisonHtml.tables(h, models);
            ModelComparisonHtml.examples(h, models);
        }
        warnings(h, warnings, models, ppo);
        h.append("<h2>Stage curves</h2>");
        for (var e : dirs.entrySet()) {
            if (!StageCurves.hasCurves(e.getKey())) continue;
            MetricsLog m = StageCurves.metrics(e.getValue());
            if (m == null) continue;
            h.append("<h3>").append(e.getKey()).append("</h3>");
            StageCurves.draw(h, e.getKey(), m);
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
        return warnings;
    }

    private static void stages(StringBuilder h, Map<String, Path> dirs, Map<String, Lineage> lineages) {
        h.append("<h2>Stages</h2><table border=\"1\" style=\"border-collapse:collapse\"><tr><th>stage</th><th>key</th>"
                + "<th>took</th><th>finished</th><th>code</th><th>numbers</th></tr>");
        for (var e : dirs.entrySet()) {
            Lineage l = lineages.get(e.getKey());
            // links relative to this page, which lives in its own stage folder beside the others
            String folder = "../" + e.getValue().getFileName() + "/";
            h.append("<tr><td>").append(esc(e.getKey())).append("<br><a href=\"").append(folder).append(Lineage.FILE).append("\">lineage</a>");
            if (Files.isRegularFile(e.getValue().resolve("report.html")))
                h.append(" · <a href=\"").append(folder).append("report.html\">report</a>");
            h.append("</td>");
            if (l == null) {
                h.append("<td colspan=\"5\">no lineage in ").append(esc(e.getValue().toString())).append("</td></tr>");
                continue;
            }
            h.append("<td><code>").append(l.key()).append("</code></td><td>")
                    .append(l.seconds() == null ? "" : String.format(Locale.ROOT, "%.1f s", l.seconds()))
                    .append(l.attempts() > 1 ? " (attempt " + l.attempts() + ")" : "").append("</td><td>").append(esc(Lineage.shortTime(l.finished())))
                    .append("</td><td>").append(esc(l.code().release() + " " + shortCommit(l.code()))).append("</td><td>")
                    .append(esc(numbers(l.summary()))).append("</td></tr>");
        }
        h.append("</table>");
    }

    static String shortCommit(CodeVersion c) {
        return c.commit().length() > 10 ? c.commit().substring(0, 10) + (c.dirty() ? "+changes" : "") : c.commit();
    }

    /** The summary's plain values, one line: {@code steps 50 · val_loss 5.70}. */
    static String numbers(JsonNode summary) {
        if (summary == null) return "";
        List<String> parts = new ArrayList<>();
        summary.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isFloatingPointNumber()) parts.add(e.getKey() + " " + String.format(Locale.ROOT, "%.4g", v.asDouble()));
            else if (v.isNumber() || v.isBoolean()) parts.add(e.getKey() + " " + v.asText());
        });
        return String.join(" · ", parts);
    }

    private static void warnings(StringBuilder h, List<RecipeWarnings.Warning> warnings, List<ModelEvaluation.Result> models,
                                 MetricsLog ppo) throws IOException {
        h.append("<h2>The recipe's warnings</h2>");
        for (RecipeWarnings.Warning w : warnings) {
            h.append("<h3>").append(esc(w.name())).append(" — <span class=\"").append(w.level()).append("\">")
                    .append(w.level().toString().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</span></h3><p>")
                    .append(esc(w.verdict())).append("</p><ul>");
            for (String e : w.evidence()) h.append("<li>").append(esc(e)).append("</li>");
            h.append("</ul>");
        }
        if (!models.isEmpty()) {
            ModelComparisonHtml.bars(h, "Forgetting: pretraining-text perplexity by model", "perplexity", models,
                    List.of("perplexity"), List.of(r -> r.greedy().textPerplexity()));
        }
        ModelEvaluation.Result sft = models.stream().filter(r -> r.model().equals("sft")).findFirst().orElse(null);
        if (sft != null) {
            double e0 = sft.sampled().entropyPerToken(), d0 = sft.sampled().distinctAnswers();
            ModelComparisonHtml.bars(h, String.format(Locale.ROOT, "Collapse: entropy and distinct answers relative to SFT (below %.1f: collapse)",
                            RecipeWarnings.COLLAPSE_RATIO), "× SFT", models, List.of("entropy", "distinct answers"),
                    List.of(r -> r.sampled().entropyPerToken() / e0, r -> r.sampled().distinctAnswers() / d0));
        }
        if (ppo != null) {
            RunReport.chart(h, "Reward hacking: reward-model score vs gold score over PPO", "score",
                    new RunReport.Series("reward-model score", ppo.series("train", "reward")), new RunReport.Series("gold score", ppo.series("train", "gold")));
        }
    }
}
