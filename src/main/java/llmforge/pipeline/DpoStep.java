package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.dpo.DpoConfig;
import llmforge.train.dpo.DpoTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The DPO stage: {@code llmforge dpo} of the SFT model (also its frozen reference) on the synthesised preference pairs
 * or ({@code pairs: ai_feedback}) on pairs of the SFT model's own answers to the RL prompts ranked by a constitution.
 */
final class DpoStep extends TrainingStep<DpoConfig> {
    @Override public String name() { return StageNames.DPO; }

    @Override public Class<DpoConfig> configType() { return DpoConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.SFT, StageNames.SYNTH, StageNames.DATA); }

    @Override List<String> inputKeys() {
        return List.of("model", "tokenizer", "data", "eval_prompts", "pretrain_data", "ai_feedback.prompts");
    }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        Path synth = wireFromSft(config, upstream, "model");
        ConfigTrees.set(config, "data", synth.resolve("pairs_dpo.jsonl"));
        if (aiFeedback(config, "pairs")) ConfigTrees.set(config, "ai_feedback.prompts", synth.resolve("prompts_rl.jsonl"));
    }

    @Override public Map<String, Path> resolveFiles(ObjectNode config, Path base) { return constitution(config, "pairs", base); }

    @Override public StepOutcome run(DpoConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        DpoTraining.Outcome o = DpoTraining.run(cfg, resume, console);
        ObjectNode s = TrainedModel.summary(o.result()).put("train_pairs", o.trainPairs()).put("held_out_pairs", o.heldOutPairs());
        return new StepOutcome(o.result().interrupted(), TrainedModel.savedModel(), s);
    }
}
