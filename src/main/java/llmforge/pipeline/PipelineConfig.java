package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code llmforge pipeline --config FILE}: the run folder, one seed for every stage, each stage's config and the
 * report's evaluation settings.
 *
 * @param name   the run's title in the report
 * @param runDir folder holding one sub-folder per stage and key ({@code sft-3f2a9c81d0e4b7a1/}) and report.html
 * @param seed   seed of every stage that does not set its own in this file (absent: each stage's own)
 * @param stages stage name → its config: the stage's keys inline, or {@code config: FILE} (a per-stage config such as
 *               examples/sft.yaml) whose keys the inline ones override; the pipeline fills in the paths between stages
 * @param report how the models are compared in report.html
 */
public record PipelineConfig(String name, String runDir, Long seed, Map<String, ObjectNode> stages, ReportSettings report) {
    public PipelineConfig {
        name = name == null ? "llmforge pipeline" : name;
        runDir = runDir == null ? "runs/pipeline" : runDir;
        if (stages == null || stages.isEmpty()) throw new IllegalArgumentException("'stages' must configure at least one stage");
        stages = new LinkedHashMap<>(stages);
        for (var e : stages.entrySet()) {
            if (!StageNames.CONFIGURABLE.contains(e.getKey()))
                throw new IllegalArgumentException("stages: unknown stage '" + e.getKey() + "'; valid: " + StageNames.CONFIGURABLE);
            if (e.getValue() == null) throw new IllegalArgumentException("stages." + e.getKey() + ": give its config as a mapping (may be {})");
        }
        report = report == null ? ReportSettings.defaults() : report;
    }
}
