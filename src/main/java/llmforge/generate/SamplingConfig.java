package llmforge.generate;

/**
 * How the next token is drawn from the logits, applied in HuggingFace's order: repetition penalty, temperature,
 * top-k, top-p. {@code temperature} 0 means greedy (argmax after the penalty); {@code topK} 0 and {@code topP} 1
 * switch those filters off; {@code repetitionPenalty} 1 is off.
 */
public record SamplingConfig(double temperature, int topK, double topP, double repetitionPenalty) {
    public static final SamplingConfig GREEDY = new SamplingConfig(0, 0, 1, 1);
    public static final SamplingConfig PLAIN = new SamplingConfig(1, 0, 1, 1);

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1] (1 = off), got " + topP);
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetition penalty must be > 0 (1 = off), got " + repetitionPenalty);
        }
    }

    public boolean greedy() { return temperature == 0; }
}
