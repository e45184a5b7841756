package llmforge.nn;

/**
 * Routing statistics of one forward pass: the share of routed slots each expert received (after capacity), and the
 * share of slots dropped for capacity. Summed over layers by {@link #plus}; a trainer logs {@link #toString()}.
 */
public record MoeStats(long[] expertSlots, long droppedSlots, long totalSlots) {
    public static MoeStats empty(int experts) { return new MoeStats(new long[experts], 0, 0); }

    public MoeStats plus(MoeStats o) {
        long[] s = expertSlots.clone();
        for (int i = 0; i < s.length; i++) s[i] += o.expertSlots[i];
        return new MoeStats(s, droppedSlots + o.droppedSlots, totalSlots + o.totalSlots);
    }

    /** Fraction of all routed slots taken by each expert (sums to 1 - droppedShare). */
    public double[] expertLoad() {
        double[] l = new double[expertSlots.length];
        for (int i = 0; i < l.length; i++) l[i] = totalSlots == 0 ? 0 : (double) expertSlots[i] / totalSlots;
        return l;
    }

    public double droppedShare() { return totalSlots == 0 ? 0 : (double) droppedSlots / totalSlots; }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("expert_load=[");
        double[] l = expertLoad();
        for (int i = 0; i < l.length; i++) sb.append(i > 0 ? "," : "").append(String.format("%.3f", l[i]));
        return sb.append("] dropped=").append(String.format("%.4f", droppedShare())).toString();
    }
}
