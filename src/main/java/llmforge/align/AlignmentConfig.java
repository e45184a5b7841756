package llmforge.align;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llmforge data synth --config alignment.yaml}: what to generate.
 *
 * @param sizes            prompts per split: sft (SFT training), rm (rankings for the reward model and DPO pairs),
 *                         rl (PPO prompts), eval (held-out prompts and SFT validation)
 * @param tasks            relative weight of each task in every split (a split's size is shared out by weight)
 * @param systemPromptRate share of prompts that start with a role / system message
 * @param multiTurnRate    share of prompts that follow an earlier question and answer
 */
public record AlignmentConfig(Long seed, List<String> languages, String constitution, String wordnet, String poems,
                              Map<String, Integer> sizes, Map<String, Double> tasks, Double systemPromptRate,
                              Double multiTurnRate) {
    public static final List<String> TASKS = List.of("define", "synonym", "antonym", "hypernym", "example", "add",
            "subtract", "sort", "count", "reverse", "poem", "harmful", "benign",
            "format_json", "format_one_word", "format_max_words");

    public AlignmentConfig {
        seed = seed == null ? 1234L : seed;
        languages = languages == null ? List.of("en", "zh") : List.copyOf(languages);
        constitution = constitution == null ? "examples/constitution.yaml" : constitution;
        wordnet = wordnet == null ? "data/demo/wordnet-facts.jsonl.gz" : wordnet;
        poems = poems == null ? "data/demo/chinese/poems.jsonl.gz" : poems;
        sizes = sizes == null ? Map.of("sft", 4000, "rm", 1000, "rl", 500, "eval", 200) : new LinkedHashMap<>(sizes);
        if (tasks == null) {
            tasks = new LinkedHashMap<>();
            for (String t : TASKS) tasks.put(t, 1.0);
        } else tasks = new LinkedHashMap<>(tasks);
        systemPromptRate = systemPromptRate == null ? 0.2 : systemPromptRate;
        multiTurnRate = multiTurnRate == null ? 0.1 : multiTurnRate;
        for (String l : languages)
            if (!l.equals("en") && !l.equals("zh")) throw new IllegalArgumentException("languages: '" + l + "' is not en or zh");
        if (languages.isEmpty()) throw new IllegalArgumentException("languages: list at least one of en, zh");
        for (var e : sizes.entrySet()) {
            if (!SplitPlan.SPLITS.contains(e.getKey()))
                throw new IllegalArgumentException("sizes: unknown split '" + e.getKey() + "'; valid: " + SplitPlan.SPLITS);
            if (e.getValue() == null || e.getValue() < 0) throw new IllegalArgumentException("sizes." + e.getKey() + " must be >= 0");
        }
        if (sizes.values().stream().mapToInt(Integer::intValue).sum() == 0) throw new IllegalArgumentException("sizes: all splits are empty");
        for (var e : tasks.entrySet()) {
            if (!TASKS.contains(e.getKey())) throw new IllegalArgumentException("tasks: unknown task '" + e.getKey() + "'; valid: " + TASKS);
            if (e.getValue() == null || e.getValue() < 0) throw new IllegalArgumentException("tasks." + e.getKey() + " must be >= 0");
        }
        if (systemPromptRate < 0 || systemPromptRate > 1) throw new IllegalArgumentException("system_prompt_rate must be in [0, 1]");
        if (multiTurnRate < 0 || multiTurnRate > 1) throw new IllegalArgumentException("multi_turn_rate must be in [0, 1]");
    }

    /** The languages a task exists in (poems are Chinese, format tasks English), limited to those configured. */
    public List<String> languagesOf(String task) {
        List<String> own = task.equals("poem") ? List.of("zh") : task.startsWith("format_") ? List.of("en") : List.of("en", "zh");
        return own.stream().filter(languages::contains).toList();
    }
}
