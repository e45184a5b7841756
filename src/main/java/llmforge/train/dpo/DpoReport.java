package llmforge.train.dpo;

import java.util.Locale;
import java.util.TreeSet;

import static llmforge.train.RunReport.esc;

/** DPO's section of the run report: the policy evaluation before and after training, side by side. */
final class DpoReport {
    private DpoReport() {}

    static String html(DpoConfig cfg, PolicyEvaluation.Result before, PolicyEvaluation.Result after) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "<h2>Effect (%s, beta %.3g%s%s, reference %s)</h2>",
                esc(cfg.loss()), cfg.beta(), cfg.labelSmoothing() > 0 ? ", label smoothing " + cfg.labelSmoothing() : "",
                cfg.rpoAlpha() > 0 ? ", RPO alpha " + cfg.rpoAlpha() : "", esc(cfg.reference())));
        if (before == null && after == null) return h.append("<p>No evaluation prompts configured.</p>").toString();
        h.append("<p>One sampled answer (temperature 1) per held-out prompt, scored by the gold judge.</p>")
                .append("<table><tr><th></th><th>before</th><th>after</th></tr>");
        row(h, "prompts", before == null ? null : (double) before.prompts(), after == null ? null : (double) after.prompts());
        row(h, "gold score", before == null ? null : before.goldScore(), after == null ? null : after.goldScore());
        row(h, "refusal rate, harmful prompts", before == null ? null : before.refusalHarmful(), after == null ? null : after.refusalHarmful());
        row(h, "refusal rate, benign prompts", before == null ? null : before.refusalBenign(), after == null ? null : after.refusalBenign());
        row(h, "KL to the starting model (nats/answer)", before == null ? null : before.klToReference(), after == null ? null : after.klToReference());
        row(h, "mean answer tokens", before == null ? null : before.meanAnswerTokens(), after == null ? null : after.meanAnswerTokens());
        row(h, "pretraining perplexity", before == null ? null : before.pretrainPerplexity(), after == null ? null : after.pretrainPerplexity());
        TreeSet<String> fams = new TreeSet<>();
        if (before != null) fams.addAll(before.goldByFamily().keySet());
        if (after != null) fams.addAll(after.goldByFamily().keySet());
        for (String f : fams) {
            row(h, "gold score: " + f, before == null ? null : before.goldByFamily().get(f), after == null ? null : after.goldByFamily().get(f));
        }
        return h.append("</table>").toString();
    }

    private static void row(StringBuilder h, String name, Double a, Double b) {
        h.append("<tr><td>").append(esc(name)).append("</td><td>").append(fmt(a)).append("</td><td>").append(fmt(b)).append("</td></tr>");
    }

    private static String fmt(Double v) { return v == null ? "–" : String.format(Locale.ROOT, "%.4f", v); }
}
