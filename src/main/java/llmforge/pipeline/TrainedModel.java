package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.train.Trainer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the training stages hand on: their final model folder (the last checkpoint, or a saved model/) and their loop's numbers. */
final class TrainedModel {
    private TrainedModel() {}

    /** The outputs of a stage whose model is its last checkpoint. */
    static Map<String, String> lastCheckpoint(String stage, Optional<Path> last) {
        Path p = last.orElseThrow(() -> new UserException("stage '" + stage + "' finished without a checkpoint"));
        return Map.of("model", "checkpoints/" + p.getFileName(), "report", "report.html", "metrics", "metrics.jsonl");
    }

    /** The outputs of a stage that saves its final model to model/. */
    static Map<String, String> savedModel() {
        return Map.of("model", "model", "report", "report.html", "metrics", "metrics.jsonl");
    }

    /** Steps, throughput and the last validation loss of the shared loop. */
    static ObjectNode summary(Trainer.Result r) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("steps", r.step()).put("skipped_steps", r.skippedSteps())
                .put("tokens_per_s", Math.round(r.tokensPerSecond()));
        r.lastEvaluation().ifPresent(e -> s.put("val_loss", e.valLoss()).put("val_perplexity", e.perplexity()));
        return s;
    }
}
