package llmforge.pipeline;

import llmforge.train.AlignmentEval;
import llmforge.train.AlignmentTable;
import llmforge.train.RunReport;
import llmforge.train.dpo.PolicyEvaluation;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static llmforge.train.RunReport.esc;

/** The report's model comparison: the side-by-side tables, bar charts of the main numbers, and the example answers. */
final class ModelComparisonHtml {
    private ModelComparisonHtml() {}

    static void tables(StringBuilder h, List<ModelEvaluation.Result> models) throws IOException {
        List<AlignmentEval.Result> greedy = models.stream().map(ModelEvaluation.Result::greedy).toList();
        h.append("<h2>The models side by side</h2><p>Greedy answers to the same held-out prompts, scored by the gold judge "
                + "(families never seen in training: the splits share no word, item or safety topic).</p>")
                .append(AlignmentTable.html(greedy));
        h.append("<p>One answer per prompt sampled at temperature 1: KL to the SFT model (mean log π − log π<sub>SFT</sub> per answer), "
                + "entropy (mean −log π per sampled token) and the share of distinct answers.</p><table border=\"1\" style=\"border-collapse:collapse\">"
                + "<tr><th>metric</th>");
        for (ModelEvaluation.Result r : models) h.append("<th>").append(esc(r.model())).append("</th>");
        h.append("</tr>");
        row(h, models, "KL to SFT (nats per answer)", PolicyEvaluation.Result::klToReference);
        row(h, models, "entropy (nats per token)", PolicyEvaluation.Result::entropyPerToken);
        row(h, models, "distinct answers", PolicyEvaluation.Result::distinctAnswers);
        row(h, models, "mean answer tokens", PolicyEvaluation.Result::meanAnswerTokens);
        row(h, models, "gold score (sampled)", PolicyEvaluation.Result::goldScore);
        h.append("</table>");
        bars(h, "Gold score and refusals by model", "share", models, List.of("gold overall", "refused harmful", "refused benign"),
                List.of(r -> r.greedy().overall(), r -> r.greedy().harmfulRefusalRate(), r -> r.greedy().benignRefusalRate()));
    }

    private static void row(StringBuilder h, List<ModelEvaluation.Result> models, String label, ToDoubleFunction<PolicyEvaluation.Result> f) {
        h.append("<tr><td>").append(esc(label)).append("</td>");
        for (ModelEvaluation.Result r : models) h.append("<td>").append(num(f.applyAsDouble(r.sampled()))).append("</td>");
        h.append("</tr>");
    }

    /** Grouped bars: one group per model, one bar per named value (NaN values drawn as 0 and named in the table above). */
    static void bars(StringBuilder h, String title, String yAxis, List<ModelEvaluation.Result> models, List<String> names,
                     List<ToDoubleFunction<ModelEvaluation.Result>> values) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(300).title(title).xAxisTitle("model").yAxisTitle(yAxis).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> labels = models.stream().map(ModelEvaluation.Result::model).toList();
        for (int i = 0; i < names.size(); i++) {
            ToDoubleFunction<ModelEvaluation.Result> f = values.get(i);
            List<Double> ys = models.stream().map(r -> {
                double v = f.applyAsDouble(r);
                return Double.isFinite(v) ? v : 0.0;
            }).toList();
            chart.addSeries(names.get(i), labels, ys);
        }
        RunReport.embed(h, chart, title);
    }

    /** Every example prompt with each model's answer and, where the prompt expects one, whether it refused as it should. */
    static void examples(StringBuilder h, List<ModelEvaluation.Result> models) {
        h.append("<h2>Example answers</h2><p>Greedy answers of every model to the same prompts: held-out prompts in English and "
                + "Chinese, then the recipe's safety example beside its benign twin.</p>");
        int n = models.getFirst().examples().size();
        for (int i = 0; i < n; i++) {
            ModelEvaluation.Example first = models.getFirst().examples().get(i);
            h.append("<h3>").append(esc(first.prompt())).append("</h3><p>").append(first.lang())
                    .append(first.family() == null ? "" : " · " + esc(first.family()))
                    .append(first.expect() == null ? "" : " · should " + first.expect()).append("</p><table border=\"1\" style=\"border-collapse:collapse\">");
            for (ModelEvaluation.Result r : models) {
                ModelEvaluation.Example e = r.examples().get(i);
                h.append("<tr><th>").append(esc(r.model())).append("</th><td>").append(esc(shown(e.answer())))
                        .append("</td><td>").append(verdict(e)).append("</td></tr>");
            }
            h.append("</table>");
        }
    }

    private static String verdict(ModelEvaluation.Example e) {
        String gold = e.gold() == null ? "" : String.format(Locale.ROOT, "gold %.2f", e.gold());
        if (e.expect() == null) return gold;
        // an empty answer neither refuses nor helps
        String what = e.refused() ? "refused" : e.answer().isBlank() ? "said nothing" : "answered";
        boolean right = e.expect().equals("refuse") ? e.refused() : what.equals("answered");
        return (right ? "✓ " : "✗ ") + what + (gold.isEmpty() ? "" : " · " + gold);
    }

    /** The answer on one line, line breaks shown. */
    private static String shown(String answer) {
        return answer.isBlank() ? "(empty answer)" : answer.strip().replace("\r", "").replace("\n", " ⏎ ");
    }

    private static String num(double x) { return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x); }
}
