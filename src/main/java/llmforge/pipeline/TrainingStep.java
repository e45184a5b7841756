package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.AiFeedbackConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training stage (pretrain, sft, reward, ppo, dpo): its seed is {@code train.seed}, it writes into its folder
 * ({@code output}), resumes from its checkpoints there, and the pipeline decides when ({@code resume} is wired).
 */
abstract class TrainingStep<C> implements PipelineStep<C> {
    /** The keys naming what the stage reads from upstream. */
    abstract List<String> inputKeys();

    /** Sets {@link #inputKeys()} from the upstream outputs. */
    abstract void wireInputs(ObjectNode config, Upstream upstream);

    @Override public final List<String> wiredKeys() {
        List<String> keys = new ArrayList<>(inputKeys());
        keys.addAll(List.of("output", "resume"));
        return keys;
    }

    @Override public final void wire(ObjectNode config, Upstream upstream, Path dir) {
        wireInputs(config, upstream);
        ConfigTrees.set(config, "output", dir);
        config.put("resume", false);
    }

    /**
     * What the preference stages (PPO, DPO) read alike: the SFT model under {@code modelKey} with its tokenizer, the
     * held-out prompts they evaluate on and the pretraining shards their perplexity is measured on; returns the
     * synthesised data's folder for the rest.
     */
    static Path wireFromSft(ObjectNode config, Upstream upstream, String modelKey) {
        Path sft = upstream.output(StageNames.SFT, "model"), synth = upstream.output(StageNames.SYNTH, "dir");
        ConfigTrees.set(config, modelKey, sft);
        ConfigTrees.set(config, "tokenizer", sft.resolve("tokenizer.json"));
        ConfigTrees.set(config, "eval_prompts", synth.resolve("prompts_eval.jsonl"));
        ConfigTrees.set(config, "pretrain_data", upstream.output(StageNames.DATA, "shards"));
        return synth;
    }

    /**
     * The constitution an AI-feedback stage ranks with (when {@code choiceKey} is set to anything but "data"): a user
     * file, resolved against the llmforge folder and hashed into the stage key, so an edited constitution reruns it.
     */
    static Map<String, Path> constitution(ObjectNode config, String choiceKey, Path base) {
        if (!aiFeedback(config, choiceKey)) return Map.of();
        if (!ConfigTrees.has(config, "ai_feedback.constitution")) ConfigTrees.set(config, "ai_feedback.constitution", Path.of("examples/constitution.yaml"));
        String written = ConfigTrees.resolve(config, "ai_feedback.constitution", base);
        return Map.of(written, Path.of(ConfigTrees.get(config, "ai_feedback.constitution").asText()));
    }

    /** Whether {@code choiceKey} (pairs, rankings) asks for AI feedback. */
    static boolean aiFeedback(ObjectNode config, String choiceKey) {
        return config.has(choiceKey) && AiFeedbackConfig.usesAiFeedback(config.get(choiceKey).asText());
    }

    @Override public final String seedKey() { return "train.seed"; }

    @Override public final boolean resumable() { return true; }
}
