package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.train.PretrainConfig;
import llmforge.train.Pretraining;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The pretraining stage: {@code llmforge pretrain} on the data stage's shards with the tokenizer stage's tokenizer. */
final class PretrainStep extends TrainingStep<PretrainConfig> {
    @Override public String name() { return StageNames.PRETRAIN; }

    @Override public Class<PretrainConfig> configType() { return PretrainConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.DATA, StageNames.TOKENIZER); }

    @Override List<String> inputKeys() { return List.of("data", "tokenizer"); }

    @Override void wireInputs(ObjectNode config, Upstream upstream) {
        ConfigTrees.set(config, "data", upstream.output(StageNames.DATA, "shards"));
        ConfigTrees.set(config, "tokenizer", upstream.output(StageNames.TOKENIZER, "tokenizer"));
    }

    @Override public StepOutcome run(PretrainConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        Pretraining.Outcome o = Pretraining.run(cfg, resume, console);
        ObjectNode s = TrainedModel.summary(o.result()).put("parameters", o.parameters()).put("unigram_entropy", o.unigramEntropy());
        return new StepOutcome(o.result().interrupted(), TrainedModel.lastCheckpoint(name(), o.result().lastCheckpoint()), s);
    }
}
