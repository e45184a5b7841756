package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    @Override public final String seedKey() { return "train.seed"; }

    @Override public final boolean resumable() { return true; }
}
