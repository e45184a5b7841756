package llmforge.train;

/**
 * Flags a step loss well above the running mean (an exponential moving average over the recent steps). Spikes
 * are not folded into the mean, so one bad step does not hide the next. Its two numbers go into checkpoints, so
 * a resumed run flags exactly what the uninterrupted run would have.
 */
public final class LossSpikeDetector {
    /** Steps seen before any spike is reported (the early loss falls too fast for a mean to mean much). */
    static final int WARMUP = 10;
    private static final double ALPHA = 0.05;

    private final double factor;
    private double mean;
    private long count;

    public LossSpikeDetector(double factor) { this.factor = factor; }

    /** Records a finite step loss; true when it is a spike. */
    public boolean observe(double loss) {
        boolean spike = count >= WARMUP && loss > factor * mean;
        if (!spike) {
            mean = count == 0 ? loss : mean + ALPHA * (loss - mean);
            count++;
        }
        return spike;
    }

    public double mean() { return mean; }

    public long count() { return count; }

    public void restore(double mean, long count) {
        this.mean = mean;
        this.count = count;
    }
}
