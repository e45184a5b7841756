package llmforge.align;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Mean gold scores overall and per task family, format and language: what {@code llmforge judge} prints. */
public final class GoldSummary {
    private GoldSummary() {}

    public record Scored(TaskMeta meta, GoldScore score) {}

    public static ObjectNode of(List<Scored> scored) {
        ObjectNode o = AlignmentJsonl.JSON.createObjectNode();
        o.set("overall", means(scored));
        o.set("per_task", grouped(scored, s -> s.meta().family()));
        o.set("per_format", grouped(scored, s -> s.meta().format().kind()));
        o.set("per_language", grouped(scored, s -> s.meta().lang()));
        return o;
    }

    private static ObjectNode grouped(List<Scored> scored, Function<Scored, String> key) {
        Map<String, List<Scored>> groups = new TreeMap<>();
        for (Scored s : scored) groups.computeIfAbsent(key.apply(s), k -> new java.util.ArrayList<>()).add(s);
        ObjectNode o = AlignmentJsonl.JSON.createObjectNode();
        groups.forEach((k, v) -> o.set(k, means(v)));
        return o;
    }

    private static ObjectNode means(List<Scored> xs) {
        double c = 0, f = 0, r = 0, l = 0, t = 0;
        for (Scored s : xs) {
            c += s.score().correctness();
            f += s.score().format();
            r += s.score().refusal();
            l += s.score().length();
            t += s.score().total();
        }
        int n = Math.max(1, xs.size());
        ObjectNode o = AlignmentJsonl.JSON.createObjectNode();
        o.put("count", xs.size());
        o.put("total", round(t / n)).put("correctness", round(c / n)).put("format", round(f / n))
                .put("refusal", round(r / n)).put("length", round(l / n));
        return o;
    }

    private static double round(double x) { return Math.round(x * 10000) / 10000.0; }
}
