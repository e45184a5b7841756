package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.align.AlignmentJsonl;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.train.AlignmentTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of one model stage for the report ({@code eval-base}, {@code eval-sft}, {@code eval-ppo},
 * {@code eval-dpo}): a stage of its own, so a rerun that changes only DPO measures only the new DPO model.
 */
final class EvalStep implements PipelineStep<EvalStep.Config> {
    static final String FILE = "eval.json";

    /**
     * @param model        the model folder measured
     * @param reference    the model the KL is measured against (the SFT model; the model itself when there is none)
     * @param prompts      held-out prompts with their meta (prompts_eval.jsonl)
     * @param pretrainData packed shards whose val split gives the pretraining perplexity (absent: not measured)
     * @param settings     the pipeline file's report section
     */
    record Config(String model, String reference, String prompts, String pretrainData, ReportSettings settings) {
        Config {
            if (model == null || reference == null || prompts == null) throw new IllegalArgumentException("'model', 'reference' and 'prompts' must be set");
            settings = settings == null ? ReportSettings.defaults() : settings;
        }
    }

    private final String modelStage;
    private final boolean withSft, withData;

    /** {@code withSft}: the pipeline has an SFT stage (the KL reference); {@code withData}: a data stage (the perplexity text). */
    EvalStep(String modelStage, boolean withSft, boolean withData) {
        this.modelStage = modelStage;
        this.withSft = withSft;
        this.withData = withData;
    }

    String modelStage() { return modelStage; }

    @Override public String name() { return StageNames.evalOf(modelStage); }

    @Override public Class<Config> configType() { return Config.class; }

    @Override public List<String> inputs(ObjectNode config) {
        List<String> in = new ArrayList<>(List.of(modelStage, StageNames.SYNTH));
        if (withSft && !modelStage.equals(StageNames.SFT)) in.add(StageNames.SFT);
        if (withData) in.add(StageNames.DATA);
        return in;
    }

    @Override public List<String> wiredKeys() { return List.of("model", "reference", "prompts", "pretrain_data"); }

    @Override public String seedKey() { return "settings.seed"; }

    @Override public void wire(ObjectNode config, Upstream upstream, Path dir) {
        Path model = upstream.output(modelStage, "model");
        ConfigTrees.set(config, "model", model);
        ConfigTrees.set(config, "reference", withSft ? upstream.output(StageNames.SFT, "model") : model);
        ConfigTrees.set(config, "prompts", upstream.output(StageNames.SYNTH, "dir").resolve("prompts_eval.jsonl"));
        if (withData) ConfigTrees.set(config, "pretrain_data", upstream.output(StageNames.DATA, "shards"));
    }

    @Override public StepOutcome run(Config cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        List<AlignmentJsonl.Prompt> prompts = AlignmentJsonl.readPrompts(Path.of(cfg.prompts()));
        if (prompts.isEmpty()) throw new UserException(cfg.prompts() + ": no held-out prompts to evaluate on");
        if (prompts.size() > cfg.settings().evalPrompts()) prompts = prompts.subList(0, cfg.settings().evalPrompts());
        String label = StageNames.label(modelStage);
        console.println("evaluating the " + label + " model on " + prompts.size() + " held-out prompts ...");
        ModelEvaluation.Result r = ModelEvaluation.run(label, Path.of(cfg.model()), Path.of(cfg.reference()), prompts,
                cfg.pretrainData() == null ? null : Path.of(cfg.pretrainData()), cfg.settings());
        AtomicFiles.writeString(dir.resolve(FILE), Lineage.JSON.writeValueAsString(r));
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.setAll((ObjectNode) AlignmentTable.json(List.of(r.greedy())).get(label));
        summary.put("kl_to_sft", r.sampled().klToReference()).put("entropy_per_token", r.sampled().entropyPerToken())
                .put("distinct_answers", r.sampled().distinctAnswers());
        return new StepOutcome(false, Map.of("eval", FILE), summary);
    }

    static ModelEvaluation.Result read(Path dir) throws IOException {
        return Lineage.JSON.readValue(dir.resolve(FILE).toFile(), ModelEvaluation.Result.class);
    }
}
