package llmforge.pipeline;

import llmforge.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole recipe at test size (src/test/resources/pipeline/pipeline-test.yaml) through {@code llmforge pipeline}:
 * every stage leaves its outputs and its lineage, the report holds every section; a rerun reuses everything; a
 * change to DPO is shown stale and reruns DPO, its evaluation and the report only.
 */
class PipelineEndToEndTest {
    @Test
    void theWholePipelineRunsThenReusesThenRerunsOnlyWhatAChangeReaches(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        CliRun first = CliRun.run("", "pipeline", "--config", PipelineFixtures.WHOLE.toString(), "--run-dir", run.toString());
        assertEquals(0, first.code(), first.err() + first.out());
        assertTrue(first.out().contains("gold overall") && first.out().contains("Reward hacking: "), first.out());

        Pipeline p = Pipeline.load(PipelineFixtures.WHOLE, PipelineFixtures.BASE, run);
        Map<String, StageStatus> status = byStage(p.status());
        status.values().forEach(s -> assertEquals("done", s.state(), s.stage() + ": " + s.detail()));
        outputs(status);
        lineage(status);
        report(run, status.get("report").dir().resolve("report.html"));

        // the SFT model answers in llmforge chat
        CliRun chat = CliRun.run("hello\n/exit\n", "chat", "--model", status.get("sft").model().toString(), "--max-tokens", "3");
        assertEquals(0, chat.code(), chat.err());

        Pipeline.Outcome again = p.run(PipelineFixtures.QUIET);
        again.stages().forEach(r -> assertEquals("reused", r.action(), r.stage()));

        // the change: DPO also trains on AI-feedback pairs (the SFT model's own answers ranked by the constitution)
        Path changed = PipelineFixtures.variant(PipelineFixtures.WHOLE, tmp, "stages.dpo.pairs", "\"both\"");
        Pipeline q = Pipeline.load(changed, PipelineFixtures.BASE, run);
        Map<String, StageStatus> before = byStage(q.status());
        for (String s : List.of("dpo", "eval-dpo", "report")) assertEquals("stale", before.get(s).state(), s);
        before.values().stream().filter(s -> !List.of("dpo", "eval-dpo", "report").contains(s.stage()))
                .forEach(s -> assertEquals("done", s.state(), s.stage()));
        Map<String, String> actions = new TreeMap<>();
        q.run(PipelineFixtures.QUIET).stages().forEach(r -> actions.put(r.stage(), r.action()));
        actions.forEach((stage, action) -> assertEquals(List.of("dpo", "eval-dpo", "report").contains(stage) ? "ran" : "reused", action, stage));
        Lineage dpo = Lineage.read(byStage(q.status()).get("dpo").dir()).orElseThrow();
        assertEquals("both", dpo.config().get("pairs").asText());
        assertEquals(status.get("synth").dir().resolve("prompts_rl.jsonl").toString(), dpo.config().get("ai_feedback").get("prompts").asText());
        assertTrue(dpo.files().containsKey("examples/constitution.yaml"), "the constitution is hashed into the DPO stage's key");
        assertTrue(Files.isDirectory(status.get("dpo").dir()), "the earlier DPO folder is kept");
    }

    private static void outputs(Map<String, StageStatus> s) {
        assertTrue(Files.isRegularFile(s.get("tokenizer").dir().resolve("tokenizer.json")));
        assertTrue(Files.isRegularFile(s.get("data").dir().resolve("shards/manifest.json")));
        assertTrue(Files.isRegularFile(s.get("synth").dir().resolve("prompts_eval.jsonl")));
        for (String m : List.of("pretrain", "sft", "ppo", "dpo")) {
            Path model = s.get(m).model();
            assertNotNull(model, m);
            for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) assertTrue(Files.isRegularFile(model.resolve(f)), m + " " + f);
        }
        assertTrue(Files.isRegularFile(s.get("reward").dir().resolve("model/model.safetensors")));
        for (String m : List.of("pretrain", "sft", "reward", "ppo", "dpo")) {
            assertTrue(Files.isRegularFile(s.get(m).dir().resolve("metrics.jsonl")), m);
            assertTrue(Files.isRegularFile(s.get(m).dir().resolve("report.html")), m);
        }
        for (String e : List.of("eval-base", "eval-sft", "eval-ppo", "eval-dpo")) assertTrue(Files.isRegularFile(s.get(e).dir().resolve("eval.json")), e);
    }

    private static void lineage(Map<String, StageStatus> status) {
        Lineage sft = Lineage.read(status.get("sft").dir()).orElseThrow();
        assertEquals(Lineage.DONE, sft.status());
        assertEquals(status.get("sft").key(), sft.key());
        assertEquals(7L, sft.seed());
        assertEquals(7, sft.config().path("train").path("seed").asLong());
        assertEquals(6, sft.config().path("train").path("steps").asInt(), "the inline override of examples/sft.yaml");
        assertEquals(0.004, sft.config().path("train").path("lr").asDouble(), "kept from examples/sft.yaml");
        assertEquals(status.get("pretrain").model().toString(), sft.config().get("model").asText());
        assertEquals(List.of("pretrain", "synth", "data"), List.copyOf(sft.inputs().keySet()));
        assertEquals(status.get("pretrain").key(), sft.inputs().get("pretrain").key());
        assertEquals(CodeVersion.RELEASE, sft.code().release());
        assertTrue(sft.seconds() > 0 && sft.attempts() == 1);
        Lineage tok = Lineage.read(status.get("tokenizer").dir()).orElseThrow();
        assertEquals(3, tok.files().size(), "one content hash per tokenizer input folder");
        Lineage ppo = Lineage.read(status.get("ppo").dir()).orElseThrow();
        assertEquals(status.get("reward").dir().resolve("model").toString(), ppo.config().path("reward").path("path").asText());
    }

    private static void report(Path run, Path report) throws IOException {
        String html = Files.readString(report);
        for (String section : List.of("<h2>Stages</h2>", "The models side by side", "KL to SFT", "Example answers", "如何制造毒药？", "如何制作面包？",
                "Catastrophic forgetting", "Reward hacking", "Alignment tax", "Collapse (entropy, diversity)", "<h2>Stage curves</h2>")) {
            assertTrue(html.contains(section), "report lacks " + section);
        }
        for (String model : List.of("<th>base</th>", "<th>sft</th>", "<th>ppo</th>", "<th>dpo</th>")) assertTrue(html.contains(model), model);
        long charts = html.split("data:image/png;base64,", -1).length - 1;
        assertTrue(charts >= 15, charts + " charts");
        String forward = Files.readString(run.resolve("report.html"));
        assertTrue(forward.contains(run.relativize(report).toString()), forward);
    }

    private static Map<String, StageStatus> byStage(List<StageStatus> rows) {
        Map<String, StageStatus> m = new TreeMap<>();
        rows.forEach(r -> m.put(r.stage(), r));
        return m;
    }
}
