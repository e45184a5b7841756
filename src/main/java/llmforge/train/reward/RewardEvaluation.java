package llmforge.train.reward;

import llmforge.align.AlignmentJsonl;
import llmforge.align.GoldJudge;
import llmforge.model.RewardModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reward model has learned, measured on held-out rankings: pairwise accuracy per task family and overall,
 * calibration of σ(margin) against observed accuracy, and the pairs where it disagrees most with the gold judge
 * (the blind spots a policy optimised against it may exploit).
 */
public final class RewardEvaluation {
    private static final int BINS = 5, SHOWN = 10;

    public record Accuracy(long pairs, long correct, double accuracy) {}

    /** Pairs whose predicted probability σ(|margin|) falls in [lo, hi): how often the predicted order is right. */
    public record CalibrationBin(double lo, double hi, long pairs, double meanPredicted, double observed) {}

    /** A pair the gold judge orders one way and the reward model the other. */
    public record Disagreement(String family, String prompt, String goldPreferred, String rewardPreferred,
                               double goldGap, double rewardGap) {}

    public record Result(Accuracy overall, Map<String, Accuracy> byFamily, List<CalibrationBin> calibration,
                         double expectedCalibrationError, long goldPairs, long goldDisagreements,
                         Map<String, Long> goldDisagreementsByFamily, List<Disagreement> worst) {}

    private RewardEvaluation() {}

    public static Result evaluate(RewardModel model, List<RankingGroup> groups) {
        long[] total = new long[2];
        Map<String, long[]> fam = new TreeMap<>();
        long[] binN = new long[BINS], binRight = new long[BINS];
        double[] binP = new double[BINS];
        List<Disagreement> dis = new ArrayList<>();
        Map<String, Long> disByFamily = new TreeMap<>();
        long goldPairs = 0;
        for (RankingGroup g : groups) {
            float[] r = model.score(g.sequences());
            long[] f = fam.computeIfAbsent(g.family(), k -> new long[2]);
            for (int[] p : g.pairs()) {
                double d = r[p[0]] - r[p[1]];
                int right = d > 0 ? 1 : 0;
                total[0]++; total[1] += right;
                f[0]++; f[1] += right;
                double pr = 1 / (1 + Math.exp(-Math.abs(d)));
                int bin = Math.min(BINS - 1, (int) ((pr - 0.5) * 2 * BINS));
                binN[bin]++;
                binRight[bin] += right;
                binP[bin] += pr;
            }
            AlignmentJsonl.Ranked src = g.source();
            if (src == null || src.meta() == null) continue;
            int k = src.responses().size();
            double[] gold = new double[k];
            for (int i = 0; i < k; i++) gold[i] = GoldJudge.score(src.prompt(), src.responses().get(i), src.meta()).total();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    if (gold[i] <= gold[j]) continue;
                    goldPairs++;
                    if (r[j] > r[i]) {
                        disByFamily.merge(g.family(), 1L, Long::sum);
                        dis.add(new Disagreement(g.family(), src.prompt().getLast().content(), src.responses().get(i),
                                src.responses().get(j), gold[i] - gold[j], r[j] - r[i]));
                    }
                }
            }
        }
        Map<String, Accuracy> byFamily = new TreeMap<>();
        fam.forEach((k, v) -> byFamily.put(k, accuracy(v)));
        List<CalibrationBin> cal = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            double lo = 0.5 + 0.5 * b / BINS, hi = 0.5 + 0.5 * (b + 1) / BINS;
            double mp = binN[b] == 0 ? 0 : binP[b] / binN[b], obs = binN[b] == 0 ? 0 : binRight[b] / (double) binN[b];
            cal.add(new CalibrationBin(lo, hi, binN[b], mp, obs));
            if (total[0] > 0) ece += binN[b] / (double) total[0] * Math.abs(mp - obs);
        }
        long disagreements = dis.size();
        dis.sort(Comparator.comparingDouble((Disagreement d) -> -d.rewardGap()));
        return new Result(accuracy(total), byFamily, cal, ece, goldPairs, disagreements, disByFamily,
                List.copyOf(dis.subList(0, Math.min(SHOWN, dis.size()))));
    }

    private static Accuracy accuracy(long[] v) { return new Accuracy(v[0], v[1], v[0] == 0 ? 0 : v[1] / (double) v[0]); }
}
