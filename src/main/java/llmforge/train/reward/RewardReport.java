package llmforge.train.reward;

import llmforge.model.RewardStats;

import java.util.Locale;

import static llmforge.train.RunReport.esc;

/** The reward model's section of the run report: held-out accuracy, calibration, gold-judge blind spots. */
final class RewardReport {
    private RewardReport() {}

    static String html(RewardEvaluation.Result r, RewardStats stats) {
        StringBuilder h = new StringBuilder("<h2>Held-out pairwise accuracy (prompts never trained on)</h2><table><tr><th>family</th><th>pairs</th><th>accuracy</th></tr>");
        r.byFamily().forEach((f, a) -> h.append(row(f, a)));
        h.append(row("<b>overall</b>", r.overall())).append("</table>");
        h.append("<h2>Calibration of margins</h2><p>σ(|r_a − r_b|) is the model's probability that its order is right; "
                + String.format(Locale.ROOT, "expected calibration error %.3f.", r.expectedCalibrationError()))
                .append("</p><table><tr><th>predicted</th><th>pairs</th><th>mean predicted</th><th>observed</th></tr>");
        for (var b : r.calibration()) {
            h.append(String.format(Locale.ROOT, "<tr><td>[%.1f, %.1f)</td><td>%d</td><td>%.3f</td><td>%.3f</td></tr>",
                    b.lo(), b.hi(), b.pairs(), b.meanPredicted(), b.observed()));
        }
        h.append("</table>");
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

    private static String row(String name, RewardEvaluation.Accuracy a) {
        return String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.3f</td></tr>", name.startsWith("<") ? name : esc(name), a.pairs(), a.accuracy());
    }
}
