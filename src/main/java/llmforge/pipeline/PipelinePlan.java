package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.data.ConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline file turned into its stages in run order — the configured ones, an evaluation per model stage and the
 * report — each with its config (the stage file merged with the inline keys, the pipeline seed applied), the
 * stages it reads, its key and its folder. Planning reads configs and hashes input files; it trains nothing, so
 * a mistake in the last stage's config is reported before the first stage starts.
 */
final class PipelinePlan {
    /**
     * One stage: {@code config} as written (paths relative to the base folder, wired keys not yet set);
     * {@code files}: the user files it reads (as written → content hash).
     */
    record Stage(PipelineStep<?> step, ObjectNode config, String where, List<String> inputs, Map<String, String> files,
                 String key, Path dir) {
        String name() { return step.name(); }
    }

    private final Map<String, Stage> stages;
    private final Path runDir;
    private final FingerprintCache hashes;

    private PipelinePlan(Map<String, Stage> stages, Path runDir, FingerprintCache hashes) {
        this.stages = stages;
        this.runDir = runDir;
        this.hashes = hashes;
    }

    List<Stage> stages() { return List.copyOf(stages.values()); }

    Stage stage(String name) { return stages.get(name); }

    Path runDir() { return runDir; }

    /** Remembers the input hashes in the run folder (planning saves them itself only where the folder exists). */
    void saveInputHashes() { hashes.save(); }

    /** @param source the pipeline file, for messages; @param base the folder relative user paths are resolved against */
    static PipelinePlan of(PipelineConfig cfg, String source, Path base, Path runDir) {
        Set<String> configured = cfg.stages().keySet();
        FingerprintCache hashes = FingerprintCache.open(runDir);
        Map<String, Stage> planned = new LinkedHashMap<>();
        for (String name : StageNames.CONFIGURABLE) {
            if (!configured.contains(name)) continue;
            PipelineStep<?> step = configurable(name);
            ObjectNode inline = cfg.stages().get(name).deepCopy();
            JsonNode file = inline.remove("config");
            String where = source + ", stages." + name;
            for (String k : step.wiredKeys()) {
                if (ConfigTrees.has(inline, k)) throw new UserException(where + ": '" + k + "' is set by the pipeline (from "
                        + "the stages it reads and the run folder); remove it");
            }
            ObjectNode tree = inline;
            if (file != null) {
                if (!file.isTextual()) throw new UserException(where + ": 'config' must be the path of a " + name + " config file");
                tree = ConfigTrees.merge(ConfigLoader.tree(base.resolve(file.asText())), inline);
                where += " (over " + file.asText() + ")";
            }
            seed(tree, step, cfg.seed(), step.seedKey() != null && ConfigTrees.has(inline, step.seedKey()));
            step.defaults(tree, configured);
            add(planned, step, tree, where, base, runDir, hashes);
        }
        boolean evaluations = configured.contains(StageNames.SYNTH);
        List<String> models = new ArrayList<>();
        for (String model : StageNames.MODELS) {
            if (!evaluations || !configured.contains(model)) continue;
            EvalStep step = new EvalStep(model, configured.contains(StageNames.SFT), configured.contains(StageNames.DATA));
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.set("settings", ConfigLoader.tree(cfg.report()));
            seed(tree, step, cfg.seed(), cfg.report().seed() != null);
            add(planned, step, tree, source + ", report", base, runDir, hashes);
            models.add(model);
        }
        ReportStep report = new ReportStep(List.copyOf(planned.keySet()), models);
        ObjectNode tree = JsonNodeFactory.instance.objectNode().put("name", cfg.name());
        add(planned, report, tree, source, base, runDir, hashes);
        hashes.save();
        return new PipelinePlan(planned, runDir, hashes);
    }

    private static PipelineStep<?> configurable(String name) {
        return switch (name) {
            case StageNames.TOKENIZER -> new TokenizerStep();
            case StageNames.DATA -> new DataStep();
            case StageNames.PRETRAIN -> new PretrainStep();
            case StageNames.SYNTH -> new SynthStep();
            case StageNames.SFT -> new SftStep();
            case StageNames.REWARD -> new RewardStep();
            case StageNames.PPO -> new PpoStep();
            case StageNames.DPO -> new DpoStep();
            default -> throw new IllegalArgumentException("no stage named " + name);
        };
    }

    /** The pipeline seed goes to every stage that has one, unless the pipeline file set the stage's own. */
    private static void seed(ObjectNode tree, PipelineStep<?> step, Long seed, boolean setInline) {
        if (seed != null && step.seedKey() != null && !setInline) ConfigTrees.set(tree, step.seedKey(), tree.numberNode(seed));
    }

    private static void add(Map<String, Stage> planned, PipelineStep<?> step, ObjectNode tree, String where, Path base, Path runDir,
                            FingerprintCache hashes) {
        List<String> inputs = step.inputs(tree);
        Map<String, String> inputKeys = new LinkedHashMap<>();
        for (String in : inputs) {
            Stage up = planned.get(in);
            if (up == null) throw new UserException(where + ": stage '" + step.name() + "' reads the output of stage '" + in
                    + "', which the pipeline does not have; add it under 'stages'");
            inputKeys.put(in, up.key());
        }
        Map<String, String> files = new LinkedHashMap<>();
        step.resolveFiles(tree.deepCopy(), base).forEach((written, path) -> files.put(written, hashes.of(path)));
        // the config as the stage reads it (defaults filled in), minus what the pipeline wires: those follow from the input keys
        ObjectNode wired = tree.deepCopy();
        step.wire(wired, placeholders(planned), runDir.resolve(step.name()));
        ObjectNode keyed = ConfigLoader.tree(ConfigLoader.load(wired, step.configType(), where));
        for (String k : step.wiredKeys()) ConfigTrees.remove(keyed, k);
        for (String k : step.unkeyed()) ConfigTrees.remove(keyed, k);
        String key = StageKey.of(step.name(), CodeVersion.RELEASE, keyed, inputKeys, files);
        planned.put(step.name(), new Stage(step, tree, where, inputs, files, key, runDir.resolve(step.name() + "-" + key)));
    }

    private static PipelineStep.Upstream placeholders(Map<String, Stage> planned) {
        return new PipelineStep.Upstream() {
            @Override public Path output(String stage, String name) { return dir(stage).resolve(name); }

            @Override public Path dir(String stage) { return planned.get(stage).dir(); }
        };
    }
}
