package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.align.AlignmentConfig;
import llmforge.align.AlignmentSynth;
import llmforge.data.ConfigLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alignment-data stage: {@code llmforge data synth} (SFT conversations, rankings, DPO pairs, RL and eval prompts). */
final class SynthStep implements PipelineStep<AlignmentConfig> {
    private static final List<String> FILES = List.of("constitution", "wordnet", "poems");

    @Override public String name() { return StageNames.SYNTH; }

    @Override public Class<AlignmentConfig> configType() { return AlignmentConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(); }

    @Override public List<String> wiredKeys() { return List.of(); }

    @Override public String seedKey() { return "seed"; }

    @Override public void wire(ObjectNode config, Upstream upstream, Path dir) {}

    @Override public Map<String, Path> resolveFiles(ObjectNode config, Path base) {
        // the defaults name files too: fill them in so that they are resolved and hashed like written ones
        ObjectNode defaults = ConfigLoader.tree(ConfigLoader.load(JsonNodeFactory.instance.objectNode(), AlignmentConfig.class, "defaults"));
        Map<String, Path> files = new LinkedHashMap<>();
        for (String key : FILES) {
            if (!ConfigTrees.has(config, key)) config.set(key, defaults.get(key));
            String written = ConfigTrees.resolve(config, key, base);
            files.put(written, Path.of(config.get(key).asText()));
        }
        return files;
    }

    @Override public StepOutcome run(AlignmentConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        ObjectNode s = new AlignmentSynth(cfg).run(dir);
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        for (String k : List.of("ranking_prompts", "dpo_pairs", "rankings_matching_generation_grades")) summary.set(k, s.get(k));
        return new StepOutcome(false, Map.of("dir", ".", "report", "report.html"), summary);
    }
}
