package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.dpo.DpoConfig;
import llmforge.train.dpo.DpoTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The DPO stage: {@code llmforge dpo} of the SFT model (also its frozen reference) on the synthesised preference pairs. */
final class DpoStep extends TrainingStep<DpoConfig> {
    @Override public String name() { return StageNames.DPO; }

    @Override public Class<DpoConfig> configType() { return DpoConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.SFT, StageNames.SYNTH, StageNames.DATA); }

    @Override List<String> inputKeys() { return List.of("model", "tokenizer", "data", "eval_prompts", "pretrain_data"); }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        ConfigTrees.set(config, "data", wireFromSft(config, upstream, "model").resolve("pairs_dpo.jsonl"));
    }

    @Override public StepOutcome run(DpoConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        DpoTraining.Outcome o = DpoTraining.run(cfg, resume, console);
        ObjectNode s = TrainedModel.summary(o.result()).put("train_pairs", o.trainPairs()).put("held_out_pairs", o.heldOutPairs());
        return new StepOutcome(o.result().interrupted(), TrainedModel.savedModel(), s);
    }
}
