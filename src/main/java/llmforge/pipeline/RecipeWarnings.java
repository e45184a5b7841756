package llmforge.pipeline;

import llmforge.align.TaskMeta;
import llmforge.train.MetricsLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The four costs the alignment recipe warns about, each judged from the pipeline's own measurements with a
 * plain-language verdict: forgetting (pretraining perplexity per stage), reward hacking (reward-model score against
 * gold score over PPO), alignment tax (capability after PPO/DPO against SFT) and collapse (entropy and distinct
 * answers). A change counts only beyond twice its standard error over the prompts, so a small evaluation says
 * "unclear" rather than inventing a finding.
 */
final class RecipeWarnings {
    enum Level { OK, WARNING, UNCLEAR, NOT_MEASURED }

    /** One warning's verdict and the numbers behind it. */
    record Warning(String name, Level level, String verdict, List<String> evidence) {}

    /** Perplexity growth beyond which a stage counts as forgetting. */
    static final double FORGETTING_RATIO = 1.10;
    /** Entropy or distinct-answer share below this fraction of the SFT model's counts as collapse. */
    static final double COLLAPSE_RATIO = 0.5;
    /** Changes of the gold score smaller than this are never called, whatever their standard error. */
    static final double MIN_GOLD_CHANGE = 0.02;
    private static final Predicate<TaskMeta> CAPABILITY = m -> !m.harmful() && !m.family().equals("benign");
    private static final List<String> ALIGNED = List.of("ppo", "dpo");

    private RecipeWarnings() {}

    /**
     * @param models        evaluations by model label (base, sft, ppo, dpo; any may be missing)
     * @param ppo           the PPO stage's metrics (null: no PPO stage)
     * @param learnedReward whether PPO optimised a learned reward model (not the gold judge itself)
     */
    static List<Warning> assess(Map<String, ModelEvaluation.Result> models, MetricsLog ppo, boolean learnedReward) {
        return List.of(forgetting(models), rewardHacking(ppo, learnedReward), alignmentTax(models), collapse(models, ppo));
    }

    static Warning forgetting(Map<String, ModelEvaluation.Result> models) {
        String name = "Catastrophic forgetting";
        ModelEvaluation.Result base = models.get("base");
        if (base == null || !Double.isFinite(base.greedy().textPerplexity()))
            return new Warning(name, Level.NOT_MEASURED, "No base model with a pretraining perplexity to compare against.", List.of());
        double p0 = base.greedy().textPerplexity();
        List<String> evidence = new ArrayList<>(), forgot = new ArrayList<>();
        evidence.add(String.format(Locale.ROOT, "base: pretraining-text perplexity %.2f", p0));
        for (String m : List.of("sft", "ppo", "dpo")) {
            ModelEvaluation.Result r = models.get(m);
            if (r == null) continue;
            double p = r.greedy().textPerplexity(), ratio = p / p0;
            evidence.add(String.format(Locale.ROOT, "%s: %.2f (%+.0f%% against base)", m, p, 100 * (ratio - 1)));
            if (ratio > FORGETTING_RATIO) forgot.add(m);
        }
        if (evidence.size() == 1) return new Warning(name, Level.NOT_MEASURED, "No fine-tuned model to compare with the base model.", evidence);
        if (forgot.isEmpty()) return new Warning(name, Level.OK, String.format(Locale.ROOT,
                "No forgetting: no fine-tuned model predicts ordinary text more than %.0f%% worse than the base model.",
                100 * (FORGETTING_RATIO - 1)), evidence);
        return new Warning(name, Level.WARNING, "Forgetting: " + String.join(", ", forgot) + " predict" + (forgot.size() == 1 ? "s" : "")
                + " ordinary text clearly worse than the base model — fine-tuning traded general language modelling for the"
                + " chat tasks. More pretraining text mixed in (pretrain_mix, ptx_coef), a lower learning rate or fewer steps reduce it.",
                evidence);
    }

    static Warning rewardHacking(MetricsLog ppo, boolean learnedReward) {
        String name = "Reward hacking";
        if (ppo == null) return new Warning(name, Level.NOT_MEASURED, "The pipeline has no PPO stage.", List.of());
        if (!learnedReward) return new Warning(name, Level.NOT_MEASURED,
                "PPO optimised the gold judge itself, so its reward cannot drift away from the gold score.", List.of());
        List<double[]> reward = ppo.series("train", "reward"), gold = ppo.series("train", "gold");
        long flags = ppo.records().stream().filter(n -> n.path("event").asText().equals("reward_hacking")).count();
        if (reward.size() < 4 || gold.size() < 4) return new Warning(name, Level.UNCLEAR, String.format(Locale.ROOT,
                "Only %d PPO iterations: too few to compare how the reward-model score and the gold score moved.", reward.size()), List.of());
        Trend r = Trend.of(reward), g = Trend.of(gold);
        List<String> evidence = List.of(
                String.format(Locale.ROOT, "reward-model score (normalised): %.3f → %.3f over the first and last third of %d iterations (±%.3f)",
                        r.first(), r.last(), reward.size(), 2 * r.standardError()),
                String.format(Locale.ROOT, "gold score: %.3f → %.3f (±%.3f)", g.first(), g.last(), 2 * g.standardError()),
                "guard events flagged during PPO: " + flags);
        if (r.rose() && !g.rose()) return new Warning(name, Level.WARNING, "Reward hacking: the reward model's score rose while the gold "
                + "score did not — the policy is learning what the reward model likes, not what is right. Stop earlier, raise the KL "
                + "penalty or retrain the reward model on the policy's answers.", evidence);
        if (r.rose()) return new Warning(name, Level.OK, "No sign of reward hacking: the gold score rose with the reward-model score.", evidence);
        return new Warning(name, Level.UNCLEAR, "PPO did not raise the reward-model score measurably, so there was nothing to hack yet"
                + (flags > 0 ? " (the guard still flagged short windows where reward rose as gold fell)." : "."), evidence);
    }

    static Warning alignmentTax(Map<String, ModelEvaluation.Result> models) {
        String name = "Alignment tax";
        ModelEvaluation.Result sft = models.get("sft");
        if (sft == null) return new Warning(name, Level.NOT_MEASURED, "No SFT model to measure the aligned models against.", List.of());
        List<String> evidence = new ArrayList<>(), taxed = new ArrayList<>(), unclear = new ArrayList<>();
        for (String m : ALIGNED) {
            ModelEvaluation.Result r = models.get(m);
            if (r == null) continue;
            PairedDifference cap = PairedDifference.of(sft.greedy(), r.greedy(), CAPABILITY);
            evidence.add(String.format(Locale.ROOT, "%s: capability (gold score on the %d non-safety prompts) %.3f → %.3f (%+.3f ± %.3f); "
                    + "harmful refused %s → %s, benign refused %s → %s", m, cap.prompts(), cap.before(), cap.after(), cap.change(),
                    2 * cap.standardError(), rate(sft.greedy().harmfulRefusalRate()), rate(r.greedy().harmfulRefusalRate()),
                    rate(sft.greedy().benignRefusalRate()), rate(r.greedy().benignRefusalRate())));
            if (cap.significant(MIN_GOLD_CHANGE) && cap.change() < 0) taxed.add(m);
            else if (!cap.significant(MIN_GOLD_CHANGE)) unclear.add(m);
        }
        if (evidence.isEmpty()) return new Warning(name, Level.NOT_MEASURED, "No PPO or DPO model to compare with the SFT model.", List.of());
        if (!taxed.isEmpty()) return new Warning(name, Level.WARNING, "Alignment tax: " + String.join(", ", taxed)
                + " answer the capability tasks clearly worse than the SFT model they started from. Weigh it against the safety"
                + " numbers beside it; PPO-ptx (ptx_coef) or a smaller β step reduces it.", evidence);
        if (!unclear.isEmpty()) return new Warning(name, Level.UNCLEAR, "No measurable alignment tax: capability moved by"
                + " less than the evaluation can resolve (twice the standard error over the prompts) for " + String.join(", ", unclear) + ".",
                evidence);
        return new Warning(name, Level.OK, "No alignment tax: the aligned models do the capability tasks better than SFT.", evidence);
    }

    static Warning collapse(Map<String, ModelEvaluation.Result> models, MetricsLog ppo) {
        String name = "Collapse (entropy, diversity)";
        ModelEvaluation.Result sft = models.get("sft");
        if (sft == null) return new Warning(name, Level.NOT_MEASURED, "No SFT model to measure entropy and diversity against.", List.of());
        double e0 = sft.sampled().entropyPerToken(), d0 = sft.sampled().distinctAnswers();
        List<String> evidence = new ArrayList<>(List.of(String.format(Locale.ROOT,
                "sft: entropy %.3f nats/token, %.0f%% distinct sampled answers", e0, 100 * d0))), collapsed = new ArrayList<>();
        for (String m : ALIGNED) {
            ModelEvaluation.Result r = models.get(m);
            if (r == null) continue;
            double e = r.sampled().entropyPerToken(), d = r.sampled().distinctAnswers();
            evidence.add(String.format(Locale.ROOT, "%s: entropy %.3f nats/token, %.0f%% distinct sampled answers", m, e, 100 * d));
            if (e < COLLAPSE_RATIO * e0 || d < COLLAPSE_RATIO * d0) collapsed.add(m);
        }
        long flags = ppo == null ? 0 : ppo.records().stream().filter(n -> n.path("event").asText().equals("collapse")).count();
        if (ppo != null) evidence.add("collapse events flagged during PPO: " + flags);
        if (evidence.size() == 1) return new Warning(name, Level.NOT_MEASURED, "No PPO or DPO model to compare with the SFT model.", evidence);
        if (!collapsed.isEmpty()) return new Warning(name, Level.WARNING, "Collapse: " + String.join(", ", collapsed) + " lost more than half"
                + " of the SFT model's entropy or answer diversity — it says the same few things whatever it is asked. A larger KL"
                + " penalty (β) or fewer updates keep it closer to the SFT model.", evidence);
        if (flags > 0) return new Warning(name, Level.WARNING, "Collapse during PPO: the guard saw entropy or diversity fall below its "
                + "thresholds in some iterations, though the final model kept half of SFT's.", evidence);
        return new Warning(name, Level.OK, "No collapse: the aligned models keep at least half of the SFT model's entropy and answer diversity.",
                evidence);
    }

    private static String rate(double x) { return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x); }

    /** Mean of the first and last third of a per-iteration series, and the standard error of their difference. */
    record Trend(double first, double last, double standardError) {
        boolean rose() { return last - first > 2 * standardError; }

        static Trend of(List<double[]> series) {
            int third = Math.max(1, series.size() / 3);
            double[] a = stats(series.subList(0, third)), b = stats(series.subList(series.size() - third, series.size()));
            return new Trend(a[0], b[0], Math.sqrt(a[1] / third + b[1] / third));
        }

        private static double[] stats(List<double[]> xs) {
            double s = 0, ss = 0;
            for (double[] x : xs) s += x[1];
            double mean = s / xs.size();
            for (double[] x : xs) ss += (x[1] - mean) * (x[1] - mean);
            return new double[] {mean, xs.size() > 1 ? ss / (xs.size() - 1) : 0};
        }
    }
}
