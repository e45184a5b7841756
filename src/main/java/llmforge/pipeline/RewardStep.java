package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.reward.RewardConfig;
import llmforge.train.reward.RewardTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reward-model stage: {@code llmforge reward train} from the SFT model on the synthesised rankings or
 * ({@code rankings: ai_feedback}) on the SFT model's own answers to their prompts, ranked by a constitution.
 */
final class RewardStep extends TrainingStep<RewardConfig> {
    @Override public String name() { return StageNames.REWARD; }

    @Override public Class<RewardConfig> configType() { return RewardConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.SFT, StageNames.SYNTH); }

    @Override List<String> inputKeys() { return List.of("model", "tokenizer", "data"); }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        Path sft = upstream.output(StageNames.SFT, "model");
        ConfigTrees.set(config, "model", sft);
        ConfigTrees.set(config, "tokenizer", sft.resolve("tokenizer.json"));
        ConfigTrees.set(config, "data", upstream.output(StageNames.SYNTH, "dir").resolve("rankings_rm.jsonl"));
    }

    @Override public Map<String, Path> resolveFiles(ObjectNode config, Path base) { return constitution(config, "rankings", base); }

    @Override public StepOutcome run(RewardConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        RewardTraining.Outcome o = RewardTraining.run(cfg, resume, console);
        ObjectNode s = TrainedModel.summary(o.result())
                .put("held_out_accuracy", o.heldOut().overall().accuracy()).put("held_out_pairs", o.heldOut().overall().pairs())
                .put("gold_disagreements", o.heldOut().goldDisagreements()).put("gold_pairs", o.heldOut().goldPairs())
                .put("reward_mean", o.stats().mean()).put("reward_std", o.stats().std());
        if (o.ownHeldOut() != null) s.put("own_answers_held_out_accuracy", o.ownHeldOut().overall().accuracy())
                .put("own_answers_held_out_pairs", o.ownHeldOut().overall().pairs());
        return new StepOutcome(o.result().interrupted(), TrainedModel.savedModel(), s);
    }
}
