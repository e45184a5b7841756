package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.data.ConfigLoader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test pipeline files (src/test/resources/pipeline) and helpers to vary them; paths resolve against the project folder. */
final class PipelineFixtures {
    static final Path WHOLE = Path.of("src/test/resources/pipeline/pipeline-test.yaml");
    static final Path PRETRAIN_ONLY = Path.of("src/test/resources/pipeline/pipeline-pretrain.yaml");
    static final Path BASE = Path.of("");
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private PipelineFixtures() {}

    static ObjectNode tree(Path file) { return ConfigLoader.tree(file); }

    /** A pipeline file's tree with one dotted key set to a YAML/JSON value, written to {@code dir}. */
    static Path variant(Path file, Path dir, String dotted, String json) throws IOException {
        ObjectNode t = tree(file);
        ConfigTrees.set(t, dotted, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        Path out = Files.createTempFile(dir, "pipeline-", ".yaml");
        Files.writeString(out, t.toPrettyString());
        return out;
    }

    static PipelinePlan plan(ObjectNode tree, Path runDir) {
        return PipelinePlan.of(ConfigLoader.load(tree, PipelineConfig.class, "test"), "test", BASE, runDir);
    }

    static Map<String, String> keys(PipelinePlan plan) {
        Map<String, String> k = new LinkedHashMap<>();
        for (PipelinePlan.Stage s : plan.stages()) k.put(s.name(), s.key());
        return k;
    }
}
