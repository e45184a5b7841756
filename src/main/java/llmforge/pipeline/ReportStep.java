package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last stage: report.html over every other stage (it reads them all, so any change upstream rewrites it). */
final class ReportStep implements PipelineStep<ReportStep.Config> {
    static final String FILE = "report.html";

    /** @param name the run's title; @param stages stage name → its folder (wired) */
    record Config(String name, Map<String, String> stages) {
        Config {
            stages = stages == null ? Map.of() : new LinkedHashMap<>(stages);
        }
    }

    private final List<String> stages, models;

    /** @param stages every stage before the report, in run order; @param models the model stages that were evaluated */
    ReportStep(List<String> stages, List<String> models) {
        this.stages = List.copyOf(stages);
        this.models = List.copyOf(models);
    }

    @Override public String name() { return StageNames.REPORT; }

    @Override public Class<Config> configType() { return Config.class; }

    @Override public List<String> inputs(ObjectNode config) { return stages; }

    @Override public List<String> wiredKeys() { return List.of("stages"); }

    @Override public void wire(ObjectNode config, Upstream upstream, Path dir) {
        ObjectNode s = config.putObject("stages");
        for (String stage : stages) s.put(stage, upstream.dir(stage).toString());
    }

    @Override public StepOutcome run(Config cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        cfg.stages().forEach((k, v) -> dirs.put(k, Path.of(v)));
        List<RecipeWarnings.Warning> warnings = PipelineReport.write(dir.resolve(FILE), cfg.name(), dirs, models);
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        for (RecipeWarnings.Warning w : warnings) summary.put(w.name(), w.level() + ": " + w.verdict());
        return new StepOutcome(false, Map.of("report", FILE), summary);
    }
}
