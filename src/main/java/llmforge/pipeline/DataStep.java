package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.data.DataConfig;
import llmforge.data.DataPipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data stage: {@code llmforge data prepare} packing with the pipeline's tokenizer. Rerun in an unfinished
 * folder, the data chain's own step markers skip what it had finished.
 */
final class DataStep implements PipelineStep<DataConfig> {
    @Override public String name() { return StageNames.DATA; }

    @Override public Class<DataConfig> configType() { return DataConfig.class; }

    @Override public List<String> inputs(ObjectNode config) { return List.of(StageNames.TOKENIZER); }

    @Override public List<String> wiredKeys() { return List.of("tokenizer", "output"); }

    /** The worker count changes how fast, not what: the shards are the same for any. */
    @Override public List<String> unkeyed() { return List.of("threads"); }

    @Override public String seedKey() { return "seed"; }

    @Override public void wire(ObjectNode config, Upstream upstream, Path dir) {
        ConfigTrees.set(config, "tokenizer", upstream.output(StageNames.TOKENIZER, "tokenizer"));
        ConfigTrees.set(config, "output", dir);
    }

    @Override public Map<String, Path> resolveFiles(ObjectNode config, Path base) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (config.get("sources") instanceof ArrayNode a) {
            for (var source : a) {
                if (source instanceof ObjectNode s) {
                    String written = ConfigTrees.resolve(s, "path", base);
                    if (written != null) files.put(written, Path.of(s.get("path").asText()));
                }
            }
        }
        return files;
    }

    @Override public StepOutcome run(DataConfig cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        DataPipeline p = new DataPipeline(cfg);
        ObjectNode r = p.run();
        ObjectNode s = JsonNodeFactory.instance.objectNode()
                .put("documents_read", r.path("clean").path("docs_in").asLong())
                .put("documents_after_cleaning", r.path("clean").path("docs_out").asLong())
                .put("documents_after_dedup", r.path("dedup").path("docs_out").asLong())
                .put("tokens_packed", r.path("pack").path("tokens_out").asLong());
        return new StepOutcome(false, Map.of("shards", p.shardDir().getFileName().toString(), "report", "report.html"), s);
    }
}
