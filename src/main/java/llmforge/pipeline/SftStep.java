package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.AlignmentTable;
import llmforge.train.SftConfig;
import llmforge.train.SftTraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The SFT stage: {@code llmforge sft} of the pretrained model on the synthesised conversations, pretraining text mixed in. */
final class SftStep extends TrainingStep<SftConfig> {
    @Override public String name() { return StageNames.SFT; }

    @Override public Class<SftConfig> configType() { return SftConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.PRETRAIN, StageNames.SYNTH, StageNames.DATA); }

    @Override List<String> inputKeys() { return List.of("model", "data", "eval_data", "eval_prompts", "pretrain_data"); }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        Path synth = upstream.output(StageNames.SYNTH, "dir");
        ConfigTrees.set(config, "model", upstream.output(StageNames.PRETRAIN, "model"));
        ConfigTrees.set(config, "data", synth.resolve("sft_train.jsonl"));
        ConfigTrees.set(config, "eval_data", synth.resolve("sft_eval.jsonl"));
        ConfigTrees.set(config, "eval_prompts", synth.resolve("prompts_eval.jsonl"));
        ConfigTrees.set(config, "pretrain_data", upstream.output(StageNames.DATA, "shards"));
    }

    @Override public StepOutcome run(SftConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        SftTraining.Outcome o = SftTraining.run(cfg, resume, console);
        ObjectNode s = TrainedModel.summary(o.result()).put("conversations", o.conversations()).put("dropped_too_long", o.droppedTooLong());
        if (!o.comparisons().isEmpty()) {
            var last = o.comparisons().getLast();
            s.set("alignment", AlignmentTable.json(List.of(last.base(), last.sft())));
        }
        return new StepOutcome(o.result().interrupted(), TrainedModel.lastCheckpoint(name(), o.result().lastCheckpoint()), s);
    }
}
