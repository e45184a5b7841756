package llmforge.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** {@link AlignmentEval} results of several models side by side: as plain text, HTML and JSON. */
public final class AlignmentTable {
    private AlignmentTable() {}

    private record Line(String label, List<String> cells) {}

    private static List<Line> lines(List<AlignmentEval.Result> rs) {
        TreeSet<String> families = new TreeSet<>();
        for (AlignmentEval.Result r : rs) families.addAll(r.familyScores().keySet());
        List<Line> out = new ArrayList<>();
        for (String f : families) {
            out.add(new Line("gold " + f + " (n=" + rs.getFirst().familyCounts().getOrDefault(f, 0) + ")",
                    rs.stream().map(r -> num(r.familyScores().getOrDefault(f, Double.NaN))).toList()));
        }
        out.add(new Line("gold overall", rs.stream().map(r -> num(r.overall())).toList()));
        out.add(new Line("gold correctness overall", rs.stream().map(r -> num(r.correctness())).toList()));
        out.add(new Line("format compliance", rs.stream().map(r -> num(r.formatCompliance())).toList()));
        out.add(new Line("refusal rate, harmful (want 1)", rs.stream().map(r -> num(r.harmfulRefusalRate())).toList()));
        out.add(new Line("refusal rate, benign (want 0)", rs.stream().map(r -> num(r.benignRefusalRate())).toList()));
        out.add(new Line("answers ending with end-of-turn", rs.stream().map(r -> num(r.endOfTurnRate())).toList()));
        out.add(new Line("pretraining-text perplexity", rs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.textPerplexity())).toList()));
        out.add(new Line("prompts skipped (too long)", rs.stream().map(r -> Integer.toString(r.skipped())).toList()));
        return out;
    }

    private static String num(double x) { return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x); }

    public static String text(List<AlignmentEval.Result> rs) {
        List<Line> ls = lines(rs);
        int w = "metric".length();
        for (Line l : ls) w = Math.max(w, l.label().length());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "metric"));
        for (AlignmentEval.Result r : rs) sb.append(String.format(Locale.ROOT, " %10s", r.model()));
        sb.append('\n');
        for (Line l : ls) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", l.label()));
            for (String c : l.cells()) sb.append(String.format(Locale.ROOT, " %10s", c));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String html(List<AlignmentEval.Result> rs) {
        StringBuilder h = new StringBuilder("<table border=\"1\" style=\"border-collapse:collapse\"><tr><th>metric</th>");
        for (AlignmentEval.Result r : rs) h.append("<th>").append(esc(r.model())).append("</th>");
        h.append("</tr>");
        for (Line l : lines(rs)) {
            h.append("<tr><td>").append(esc(l.label())).append("</td>");
            for (String c : l.cells()) h.append("<td>").append(c).append("</td>");
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }

    public static ObjectNode json(List<AlignmentEval.Result> rs) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (AlignmentEval.Result r : rs) {
            ObjectNode m = o.putObject(r.model());
            ObjectNode f = m.putObject("gold_per_family");
            r.familyScores().forEach(f::put);
            m.put("gold_overall", r.overall()).put("correctness", r.correctness()).put("format_compliance", r.formatCompliance())
                    .put("refusal_rate_harmful", r.harmfulRefusalRate()).put("refusal_rate_benign", r.benignRefusalRate())
                    .put("end_of_turn_rate", r.endOfTurnRate()).put("text_perplexity", r.textPerplexity())
                    .put("skipped_prompts", r.skipped());
        }
        return o;
    }

    static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }
}
