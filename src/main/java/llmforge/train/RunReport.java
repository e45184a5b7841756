package llmforge.train;

import llmforge.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The HTML run report: a summary, the curves (train and val loss, learning rate, gradient norm, tokens/s) drawn
 * by XChart as PNG images embedded in the page, the evaluations and their sample generations.
 */
public final class RunReport {
    static {
        System.setProperty("java.awt.headless", "true");   // charts render off-screen on servers without a display
    }

    /** Everything the report shows. */
    public record Content(String title, String model, long parameters, Trainer.Result result, MetricsLog metrics,
                          List<Trainer.Evaluation> evaluations, double unigramEntropy) {}

    private RunReport() {}

    public static void write(Path file, Content c) throws IOException { write(file, c, ""); }

    /** The report with a stage's own section ({@code extraHtml}, e.g. an alignment table) before the curves. */
    public static void write(Path file, Content c, String extraHtml) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(c.title())).append("</title>")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}td,th{padding:2px 8px;text-align:left}"
                        + "img{max-width:100%}pre{white-space:pre-wrap;background:#f4f4f4;padding:6px}</style></head><body>");
        h.append("<h1>").append(esc(c.title())).append("</h1><table>");
        row(h, "model", c.model());
        row(h, "parameters", String.format(Locale.ROOT, "%,d", c.parameters()));
        Trainer.Result r = c.result();
        row(h, "steps", r.step() + (r.interrupted() ? " (interrupted)" : ""));
        row(h, "skipped steps (non-finite)", Long.toString(r.skippedSteps()));
        row(h, "training throughput", String.format(Locale.ROOT, "%.0f tokens/s", r.tokensPerSecond()));
        row(h, "peak memory (resident, rank 0)", PeakMemory.describe(r.peakRssBytes()));
        r.lastEvaluation().ifPresent(e -> row(h, "final val loss", String.format(Locale.ROOT,
                "%.4f nats/token (perplexity %.2f)", e.valLoss(), e.perplexity())));
        row(h, "val unigram entropy", String.format(Locale.ROOT, "%.4f nats/token (a context-free model's best loss)", c.unigramEntropy()));
        r.lastCheckpoint().ifPresent(p -> row(h, "last checkpoint", p.toString()));
        h.append("</table>").append(extraHtml).append("<h2>Curves</h2>");
        MetricsLog m = c.metrics();
        chart(h, "Loss", "nats/token", series("train loss", m.series("train", "loss")), series("val loss", m.series("eval", "val_loss")));
        chart(h, "Learning rate", "lr", series("lr", m.series("train", "lr")));
        chart(h, "Gradient norm (before clipping)", "norm", series("grad norm", m.series("train", "grad_norm")));
        chart(h, "Throughput", "tokens/s", series("tokens/s", m.series("train", "tokens_per_s")));
        h.append("<h2>Evaluations and samples</h2>");
        for (Trainer.Evaluation e : c.evaluations()) {
            StringBuilder extra = new StringBuilder();
            e.metrics().forEach((k, v) -> extra.append(String.format(Locale.ROOT, ", %s %.4f", k, v)));
            h.append(String.format(Locale.ROOT, "<h3>step %d: val loss %.4f, perplexity %.2f%s</h3>", e.step(), e.valLoss(), e.perplexity(),
                    esc(extra.toString())));
            for (Stage.Sample s : e.samples()) {
                h.append("<pre><b>").append(esc(s.prompt())).append("</b>").append(esc(s.completion())).append("</pre>");
            }
        }
        List<String> events = m.records().stream().filter(n -> n.path("type").asText().equals("event"))
                .map(n -> "step " + n.path("step").asLong() + ": " + n.path("event").asText() + " — " + n.path("detail").asText()).toList();
        if (!events.isEmpty()) {
            h.append("<h2>Events</h2><ul>");
            for (String e : events) h.append("<li>").append(esc(e)).append("</li>");
            h.append("</ul>");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    /** One named curve of a chart (other stages' reports draw with {@link #chart} too). */
    public record Series(String name, List<double[]> points) {}

    private static Series series(String name, List<double[]> points) { return new Series(name, points); }

    public static void chart(StringBuilder h, String title, String yTitle, Series... all) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(300).title(title).xAxisTitle("step").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        boolean any = false;
        for (Series s : all) {
            List<double[]> pts = s.points().stream().filter(p -> Double.isFinite(p[1])).toList();
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            chart.addSeries(s.name(), x, y).setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            any = true;
        }
        if (any) embed(h, chart, title);
    }

    /** Any XChart chart as a PNG inside the page. */
    public static void embed(StringBuilder h, Chart<?, ?> chart, String title) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        h.append("<img alt=\"").append(esc(title)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    /** HTML-escaped text, for stages writing their own report sections. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
