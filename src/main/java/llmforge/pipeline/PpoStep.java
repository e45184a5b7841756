package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.ppo.PpoConfig;
import llmforge.train.ppo.RlTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The RLHF stage: {@code llmforge ppo} of the SFT model on the synthesised RL prompts, rewarded by the reward-model
 * stage ({@code reward: {type: model}}, the default when the pipeline has one) or by the gold judge
 * ({@code reward: {type: gold}}).
 */
final class PpoStep extends TrainingStep<PpoConfig> {
    @Override public String name() { return StageNames.PPO; }

    @Override public Class<PpoConfig> configType() { return PpoConfig.class; }

    @Override public void defaults(ObjectNode config, Set<String> stages) {
        if (!ConfigTrees.has(config, "reward.type")) ConfigTrees.set(config, "reward.type", stages.contains(StageNames.REWARD) ? "model" : "gold");
    }

    @Override public List<String> inputs(ObjectNode config) {
        List<String> in = new ArrayList<>(List.of(StageNames.SFT, StageNames.SYNTH, StageNames.DATA));
        if (learnedReward(config)) in.add(StageNames.REWARD);
        return in;
    }

    private static boolean learnedReward(ObjectNode config) {
        JsonNode t = ConfigTrees.get(config, "reward.type");
        return t != null && t.asText().equalsIgnoreCase("model");
    }

    @Override List<String> inputKeys() {
        return List.of("policy", "tokenizer", "prompts", "eval_prompts", "pretrain_data", "reward.path");
    }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        ConfigTrees.set(config, "prompts", wireFromSft(config, upstream, "policy").resolve("prompts_rl.jsonl"));
        if (learnedReward(config)) ConfigTrees.set(config, "reward.path", upstream.output(StageNames.REWARD, "model"));
    }

    @Override public StepOutcome run(PpoConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        RlTraining.Outcome o = RlTraining.run(cfg, resume, console);
        var r = o.result();
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("iterations", r.iterations()).put("final_beta", o.finalBeta())
                .put("rollout_share", r.rolloutShare()).put("rollout_tokens_per_s", Math.round(r.rolloutTokensPerSecond()));
        return new StepOutcome(r.interrupted(), TrainedModel.lastCheckpoint(name(), Optional.ofNullable(r.lastCheckpoint())), s);
    }
}
