package llmforge.align;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import llmforge.tokenizer.ChatMessage;

/**
 * Ranks responses by a {@link Constitution}: the rules are compared in priority order, and the first rule on which
 * two responses differ decides between them (a response breaking rule 1 loses to any that keeps it). Each decision
 * is written out naming the rule.
 */
public final class ConstitutionalJudge {
    private static final double EPS = 1e-9;
    private final Constitution constitution;

    public ConstitutionalJudge(Constitution constitution) { this.constitution = constitution; }

    public Constitution constitution() { return constitution; }

    /** Per response, its score on each rule in the constitution's order. */
    public double[][] scores(List<ChatMessage> prompt, List<String> responses, TaskMeta meta) {
        double[][] s = new double[responses.size()][constitution.rules().size()];
        for (int i = 0; i < responses.size(); i++)
            for (int r = 0; r < s[i].length; r++)
                s[i][r] = constitution.rules().get(r).ruleCheck().score(prompt, responses.get(i), meta);
        return s;
    }

    public Ranking rank(List<ChatMessage> prompt, List<String> responses, TaskMeta meta) {
        double[][] s = scores(prompt, responses, meta);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) order.add(i);
        // stable: responses equal under every rule keep the order they were given in
        order.sort(Comparator.comparing((Integer i) -> s[i], ConstitutionalJudge::compareBestFirst));
        List<String> reasons = new ArrayList<>();
        for (int k = 0; k + 1 < order.size(); k++) reasons.add(reason(order.get(k), order.get(k + 1), s));
        return new Ranking(order, reasons);
    }

    /** Whether two responses' rule scores tell them apart. */
    public static boolean differ(double[] a, double[] b) { return compareBestFirst(a, b) != 0; }

    private static int compareBestFirst(double[] a, double[] b) {
        for (int r = 0; r < a.length; r++) if (Math.abs(a[r] - b[r]) > EPS) return a[r] > b[r] ? -1 : 1;
        return 0;
    }

    private String reason(int better, int worse, double[][] s) {
        String label = String.format(Locale.ROOT, "%s > %s: ", letter(better), letter(worse));
        for (int r = 0; r < s[better].length; r++) {
            if (Math.abs(s[better][r] - s[worse][r]) > EPS) {
                Constitution.Rule rule = constitution.rules().get(r);
                String degree = s[worse][r] > EPS ? String.format(Locale.ROOT, " (%.2f vs %.2f)", s[worse][r], s[better][r]) : "";
                return label + "rule " + rule.id() + " (" + rule.principle() + ": " + rule.text() + ") — "
                        + letter(worse) + " " + rule.ruleCheck().failure() + degree + ".";
            }
        }
        return label + "equal under every rule; kept in the order given.";
    }

    /** Responses are named A, B, C, ... in the order given. */
    static String letter(int i) { return String.valueOf((char) ('A' + i)); }
}
