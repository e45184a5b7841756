package llmforge.train.reward;

import llmforge.model.RewardStats;
import llmforge.train.MetricsLog;
import llmforge.train.RunReport;
import llmforge.train.RunReport.Series;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static llmforge.train.RunReport.esc;

/**
 * The reward model's section of the run report: held-out accuracy (table and chart per family), calibration
 * (table and reliability diagram), the accuracy and margin curves of training, gold-judge blind spots.
 */
final class RewardReport {
    private RewardReport() {}

    static String html(RewardEvaluation.Result r, RewardStats stats, MetricsLog m) throws IOException {
        StringBuilder h = new StringBuilder("<h2>Held-out pairwise accuracy (prompts never trained on)</h2><table><tr><th>family</th><th>pairs</th><th>accuracy</th></tr>");
        r.byFamily().forEach((f, a) -> h.append(row(f, a)));
        h.append(row("<b>overall</b>", r.overall())).append("</table>");
        familyChart(h, r);
        RunReport.chart(h, "Pairwise accuracy", "share of pairs ordered right",
                new Series("train (batch)", m.series("train", "accuracy")), new Series("validation", m.series("eval", "val_accuracy")));
        RunReport.chart(h, "Mean margin r(better) − r(worse)", "reward",
                new Series("train (batch)", m.series("train", "margin")), new Series("validation", m.series("eval", "val_margin")));
        h.append("<h2>Calibration of margins</h2><p>σ(|r_a − r_b|) is the model's probability that its order is right; "
                + String.format(Locale.ROOT, "expected calibration error %.3f.", r.expectedCalibrationError()))
                .append("</p><table><tr><th>predicted</th><th>pairs</th><th>mean predicted</th><th>observed</th></tr>");
        for (var b : r.calibration()) {
            h.append(String.format(Locale.ROOT, "<tr><td>[%.1f, %.1f)</td><td>%d</td><td>%.3f</td><td>%.3f</td></tr>",
                    b.lo(), b.hi(), b.pairs(), b.meanPredicted(), b.observed()));
        }
        h.append("</table>");
        reliabilityChart(h, r);
        h.append(String.format(Locale.ROOT, "<h2>Disagreements with the gold judge</h2><p>%d of %d pairs the gold judge orders strictly are "
                + "ordered the other way by the reward model; by family: %s. The largest:</p>", r.goldDisagreements(), r.goldPairs(),
                esc(r.goldDisagreementsByFamily().toString())));
        for (var d : r.worst()) {
            h.append(String.format(Locale.ROOT, "<pre><b>%s</b> %s%n gold prefers (by %.2f): %s%n reward prefers (by %.3f): %s</pre>",
                    esc(d.family()), esc(d.prompt()), d.goldGap(), esc(d.goldPreferred()), d.rewardGap(), esc(d.rewardPreferred())));
        }
        if (stats != null) {
            h.append(String.format(Locale.ROOT, "<p>Normalisation statistics (reward_stats.json): mean %.4f, std %.4f over %d training answers.</p>",
                    stats.mean(), stats.std(), stats.count()));
        }
        return h.toString();
    }

    private static void familyChart(StringBuilder h, RewardEvaluation.Result r) throws IOException {
        if (r.byFamily().isEmpty()) return;
        CategoryChart chart = new CategoryChartBuilder().width(900).height(300).title("Held-out accuracy by family")
                .xAxisTitle("family").yAxisTitle("accuracy").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        List<String> names = new ArrayList<>(r.byFamily().keySet());
        List<Double> acc = names.stream().map(f -> r.byFamily().get(f).accuracy()).toList();
        names.add("overall");
        List<Double> all = new ArrayList<>(acc);
        all.add(r.overall().accuracy());
        chart.addSeries("accuracy", names, all);
        RunReport.embed(h, chart, "Held-out accuracy by family");
    }

    /** Observed against predicted probability per bin; a calibrated model sits on the diagonal. */
    private static void reliabilityChart(StringBuilder h, RewardEvaluation.Result r) throws IOException {
        List<RewardEvaluation.CalibrationBin> bins = r.calibration().stream().filter(b -> b.pairs() > 0).toList();
        if (bins.isEmpty()) return;
        XYChart chart = new XYChartBuilder().width(450).height(400).title("Reliability of σ(|margin|)")
                .xAxisTitle("predicted probability the order is right").yAxisTitle("observed accuracy").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisMin(0.5).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.addSeries("calibrated", new double[] {0.5, 1.0}, new double[] {0.5, 1.0}).setMarker(SeriesMarkers.NONE);
        double[] x = bins.stream().mapToDouble(RewardEvaluation.CalibrationBin::meanPredicted).toArray();
        double[] y = bins.stream().mapToDouble(RewardEvaluation.CalibrationBin::observed).toArray();
        chart.addSeries("reward model", x, y).setMarker(SeriesMarkers.CIRCLE);
        RunReport.embed(h, chart, "Reliability of σ(|margin|)");
    }

    private static String row(String name, RewardEvaluation.Accuracy a) {
        return String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.3f</td></tr>", name.startsWith("<") ? name : esc(name), a.pairs(), a.accuracy());
    }
}
