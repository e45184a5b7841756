package llmforge.train;

import java.util.List;

/**
 * How a preference stage gets AI feedback on the starting model's own answers: {@code samples} answers per prompt,
 * ranked by a written constitution (RLAIF). On-policy preferences differ in what the model actually does; pairs
 * written by the data generator can differ only in what a small model cannot perceive (a fact it does not know),
 * and it then learns the wrong difference.
 *
 * @param prompts      prompts JSONL with task metadata, which the constitution's checks need (DPO: prompts_rl.jsonl;
 *                     the reward model samples for the prompts of its own rankings file and takes none)
 * @param constitution the constitution YAML that ranks the answers
 * @param samples      answers sampled per prompt
 * @param temperature  sampling temperature
 * @param maxNewTokens generation limit per answer (prompts that do not fit the context with it are skipped)
 * @param maxPrompts   use at most this many prompts (0: all)
 */
public record AiFeedbackConfig(String prompts, String constitution, Integer samples, Double temperature, Integer maxNewTokens,
                               Integer maxPrompts) {
    /**
     * A preference stage's choice of examples ({@code pairs}, {@code rankings}): data (its file), ai_feedback or both.
     * Returns it validated, data when absent.
     */
    public static String source(String key, String value) {
        if (value == null) return "data";
        if (!List.of("data", "ai_feedback", "both").contains(value))
            throw new IllegalArgumentException("'" + key + "' must be data, ai_feedback or both, not '" + value + "'");
        return value;
    }

    public static boolean usesData(String source) { return !source.equals("ai_feedback"); }

    public static boolean usesAiFeedback(String source) { return !source.equals("data"); }

    public AiFeedbackConfig {
        constitution = constitution == null ? "examples/constitution.yaml" : constitution;
        samples = samples == null ? 4 : samples;
        temperature = temperature == null ? 1.0 : temperature;
        maxNewTokens = maxNewTokens == null ? 96 : maxNewTokens;
        maxPrompts = maxPrompts == null ? 0 : maxPrompts;
        if (samples < 2) throw new IllegalArgumentException("'ai_feedback.samples' must be at least 2, got " + samples);
        if (!(temperature > 0)) throw new IllegalArgumentException("'ai_feedback.temperature' must be > 0 (answers must differ), got " + temperature);
        if (maxNewTokens < 1) throw new IllegalArgumentException("'ai_feedback.max_new_tokens' must be at least 1");
        if (maxPrompts < 0) throw new IllegalArgumentException("'ai_feedback.max_prompts' must be >= 0");
    }
}
