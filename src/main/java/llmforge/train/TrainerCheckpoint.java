package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.optim.AdamW;
import llmforge.optim.OptimizerState;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint holds beside the model: the optimiser state ({@code optimizer.safetensors}, its step count in
 * the metadata) and the loop's own state ({@code trainer_state.json}: step, data position, seeds, guard state and
 * the run's config), which is written last and so marks the checkpoint complete.
 */
record TrainerCheckpoint(long step, long dataPosition, long seed, long skippedSteps, double lrFactor, int rollbacks,
                         double lossMean, long lossCount, JsonNode config) {
    static final String OPTIMIZER_FILE = "optimizer.safetensors";

    void write(Path dir, AdamW opt) throws IOException {
        OptimizerState s = opt.state();
        SafetensorsWriter.write(dir.resolve(OPTIMIZER_FILE), s.tensors(), Map.of("step", Long.toString(s.step())));
        ObjectNode n = MetricsLog.JSON.createObjectNode();
        n.put("step", step).put("data_position", dataPosition).put("skipped_steps", skippedSteps)
                .put("lr_factor", lrFactor).put("rollbacks", rollbacks);
        // every random draw of the run is a pure function of the seed and the step / data position
        n.putObject("rng").put("seed", seed).put("data_draws", dataPosition);
        n.putObject("loss_spike_detector").put("mean", lossMean).put("count", lossCount);
        n.set("config", config);
        AtomicFiles.writeString(dir.resolve(Checkpoints.STATE_FILE), MetricsLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    }

    static TrainerCheckpoint read(Path dir) {
        Path file = dir.resolve(Checkpoints.STATE_FILE);
        JsonNode n;
        try {
            n = MetricsLog.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": corrupt checkpoint state (" + e.getMessage() + ")");
        }
        for (String key : new String[] {"step", "data_position", "skipped_steps", "lr_factor", "rollbacks"}) {
            if (!n.path(key).isNumber()) throw new UserException(file + ": corrupt checkpoint state: '" + key + "' missing or not a number");
        }
        JsonNode rng = n.path("rng"), guard = n.path("loss_spike_detector");
        if (!rng.path("seed").isNumber()) throw new UserException(file + ": corrupt checkpoint state: 'rng.seed' missing");
        return new TrainerCheckpoint(n.get("step").asLong(), n.get("data_position").asLong(), rng.get("seed").asLong(),
                n.get("skipped_steps").asLong(), n.get("lr_factor").asDouble(), n.get("rollbacks").asInt(),
                guard.path("mean").asDouble(), guard.path("count").asLong(), n.path("config"));
    }

    /** Loads the optimiser state saved beside this checkpoint into {@code opt}. */
    static void loadOptimizer(Path dir, AdamW opt) {
        Path file = dir.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(file)) throw new UserException(dir + ": checkpoint has no " + OPTIMIZER_FILE);
        try {
            SafetensorsFile f = SafetensorsFile.open(file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : f.entries().keySet()) tensors.put(name, f.tensor(name));
            String step = f.metadata().get("step");
            if (step == null) throw new UserException(file + ": metadata has no 'step'");
            opt.load(new OptimizerState(Long.parseLong(step), tensors));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) throw u;
            throw new UserException(file + ": cannot restore the optimiser: " + e.getMessage());
        }
    }
}
