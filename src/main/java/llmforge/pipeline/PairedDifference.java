package llmforge.pipeline;

import llmforge.align.TaskMeta;
import llmforge.train.AlignmentEval;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The change of the gold score from one model to another on the same held-out prompts, with its standard error
 * from the per-prompt differences (paired: each prompt is its own control), so a verdict can tell a real change
 * from the noise of a few dozen prompts.
 */
record PairedDifference(int prompts, double before, double after, double standardError) {
    double change() { return after - before; }

    /** Whether the change is beyond twice its standard error (and beyond {@code minimum}, for a zero-noise tie). */
    boolean significant(double minimum) { return prompts > 1 && Math.abs(change()) > Math.max(2 * standardError, minimum); }

    /** The prompts both models answered whose meta {@code include} accepts. */
    static PairedDifference of(AlignmentEval.Result a, AlignmentEval.Result b, Predicate<TaskMeta> include) {
        Map<String, Double> first = new HashMap<>();
        for (AlignmentEval.Answer x : a.answers()) if (include.test(x.prompt().meta())) first.put(id(x), x.score().total());
        double sa = 0, sb = 0, sd = 0, sdd = 0;
        int n = 0;
        for (AlignmentEval.Answer y : b.answers()) {
            Double x = first.get(id(y));
            if (x == null) continue;
            double d = y.score().total() - x;
            sa += x;
            sb += y.score().total();
            sd += d;
            sdd += d * d;
            n++;
        }
        if (n == 0) return new PairedDifference(0, Double.NaN, Double.NaN, Double.NaN);
        double mean = sd / n, var = n > 1 ? (sdd - n * mean * mean) / (n - 1) : 0;
        return new PairedDifference(n, sa / n, sb / n, Math.sqrt(Math.max(0, var) / n));
    }

    private static String id(AlignmentEval.Answer a) { return a.prompt().prompt().toString(); }
}
