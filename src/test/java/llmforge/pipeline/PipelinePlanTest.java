package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static llmforge.pipeline.PipelineFixtures.keys;
import static llmforge.pipeline.PipelineFixtures.plan;
import static llmforge.pipeline.PipelineFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Planning: stage order, keys (what changes them and what does not), the seed, and the errors for bad pipeline files. */
class PipelinePlanTest {
    private static final Path RUN = Path.of("target/plan-test");

    @Test
    void plansEveryStageThenTheEvaluationsAndTheReport() {
        PipelinePlan p = plan(tree(PipelineFixtures.WHOLE), RUN);
        assertEquals(List.of("tokenizer", "data", "pretrain", "synth", "sft", "reward", "ppo", "dpo",
                "eval-base", "eval-sft", "eval-ppo", "eval-dpo", "report"), List.copyOf(keys(p).keySet()));
        for (PipelinePlan.Stage s : p.stages()) {
            assertTrue(s.key().matches("[0-9a-f]{16}"), s.key());
            assertEquals(RUN.resolve(s.name() + "-" + s.key()), s.dir());
        }
        assertEquals(List.of("sft", "synth", "data", "reward"), p.stage("ppo").inputs(), "PPO reads the learned reward");
        assertEquals(keys(p), keys(plan(tree(PipelineFixtures.WHOLE), RUN)), "the same file plans the same keys");
    }

    @Test
    void aChangedStageChangesItsKeyAndEveryKeyDownstreamOnly() {
        Map<String, String> before = keys(plan(tree(PipelineFixtures.WHOLE), RUN));
        ObjectNode dpo = tree(PipelineFixtures.WHOLE);
        ConfigTrees.set(dpo, "stages.dpo.beta", dpo.numberNode(0.25));
        assertEquals(Set.of("dpo", "eval-dpo", "report"), changed(before, keys(plan(dpo, RUN))));

        ObjectNode pretrain = tree(PipelineFixtures.WHOLE);
        ConfigTrees.set(pretrain, "stages.pretrain.train.lr", pretrain.numberNode(0.002));
        assertEquals(new TreeSet<>(List.of("pretrain", "sft", "reward", "ppo", "dpo", "eval-base", "eval-sft", "eval-ppo", "eval-dpo", "report")),
                changed(before, keys(plan(pretrain, RUN))));

        ObjectNode report = tree(PipelineFixtures.WHOLE);
        ConfigTrees.set(report, "report.eval_prompts", report.numberNode(5));
        assertEquals(Set.of("eval-base", "eval-sft", "eval-ppo", "eval-dpo", "report"), changed(before, keys(plan(report, RUN))));
    }

    @Test
    void writingADefaultOrChangingTheWorkerCountKeepsTheKey() {
        Map<String, String> before = keys(plan(tree(PipelineFixtures.WHOLE), RUN));
        ObjectNode t = tree(PipelineFixtures.WHOLE);
        ConfigTrees.set(t, "stages.sft.train.spike_factor", t.numberNode(2.0));   // the default, now written out
        ConfigTrees.set(t, "stages.data.threads", t.numberNode(1));              // how fast, not what
        assertEquals(Set.of(), changed(before, keys(plan(t, RUN))));
    }

    @Test
    void theRunFolderDoesNotEnterTheKeys() {
        assertEquals(keys(plan(tree(PipelineFixtures.WHOLE), RUN)).values().stream().toList(),
                keys(plan(tree(PipelineFixtures.WHOLE), Path.of("/tmp/elsewhere"))).values().stream().toList());
    }

    @Test
    void editingAnInputFileChangesTheKeysThatReadIt(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("corpus.txt"), "one two three four five six seven eight\n".repeat(50));
        ObjectNode t = tree(PipelineFixtures.WHOLE);
        t.withObject("stages").withObject("tokenizer").putArray("inputs").add(tmp.toString());
        Map<String, String> before = keys(plan(t, RUN));
        Files.writeString(text, "nine ten\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> after = keys(plan(t, RUN));
        assertTrue(changed(before, after).containsAll(List.of("tokenizer", "data", "pretrain", "report")), changed(before, after).toString());
        assertEquals(before.get("synth"), after.get("synth"));
    }

    @Test
    void thePipelineSeedReachesEveryStageUnlessTheStageSetsItsOwn() {
        ObjectNode t = tree(PipelineFixtures.WHOLE);
        ConfigTrees.set(t, "stages.sft.train.seed", t.numberNode(99));
        PipelinePlan p = plan(t, RUN);
        assertEquals(7, ConfigTrees.get(p.stage("pretrain").config(), "train.seed").asLong(), "over examples/pretrain.yaml's 1337");
        assertEquals(7, ConfigTrees.get(p.stage("data").config(), "seed").asLong());
        assertEquals(7, ConfigTrees.get(p.stage("synth").config(), "seed").asLong());
        assertEquals(7, ConfigTrees.get(p.stage("eval-sft").config(), "settings.seed").asLong());
        assertEquals(99, ConfigTrees.get(p.stage("sft").config(), "train.seed").asLong());
    }

    @Test
    void theCommittedDemoPipelinesPlan() {
        for (String f : List.of("examples/pipeline-demo.yaml", "examples/pipeline-quick.yaml")) {
            PipelinePlan p = plan(tree(Path.of(f)), RUN);
            assertEquals(13, p.stages().size(), f);
            assertTrue(p.stage("ppo").inputs().contains("reward"), f + ": PPO must use the learned reward");
        }
    }

    @Test
    void badPipelineFilesAreUserErrorsNamingTheStage() {
        assertEquals("test, stages.sft: 'model' is set by the pipeline (from the stages it reads and the run folder); remove it",
                error("stages.sft.model", "\"somewhere\""));
        assertTrue(error("stages.sft.bogus", "1").startsWith("test, stages.sft (over examples/sft.yaml): unknown key 'bogus'; valid keys here: ["),
                error("stages.sft.bogus", "1"));
        assertTrue(error("stages.dpo.beta", "-1").contains("stages.dpo"), error("stages.dpo.beta", "-1"));
        assertTrue(error("stages.pretrain.config", "\"examples/nope.yaml\"").contains("examples/nope.yaml does not exist"));
        assertTrue(error("stages.tokenizer.inputs", "[\"data/nope\"]").contains("data/nope does not exist"));

        ObjectNode unknown = tree(PipelineFixtures.WHOLE);
        unknown.withObject("stages").putObject("rlhf");
        UserException e = assertThrows(UserException.class, () -> plan(unknown, RUN));
        assertTrue(e.getMessage().contains("unknown stage 'rlhf'; valid: [tokenizer, data, pretrain, synth, sft, reward, ppo, dpo]"), e.getMessage());

        ObjectNode noData = tree(PipelineFixtures.WHOLE);
        noData.withObject("stages").remove("data");
        e = assertThrows(UserException.class, () -> plan(noData, RUN));
        assertTrue(e.getMessage().contains("stage 'pretrain' reads the output of stage 'data', which the pipeline does not have"), e.getMessage());

        ObjectNode noReward = tree(PipelineFixtures.WHOLE);
        noReward.withObject("stages").remove("reward");
        e = assertThrows(UserException.class, () -> plan(noReward, RUN));
        assertTrue(e.getMessage().contains("stage 'ppo' reads the output of stage 'reward'"), e.getMessage());
    }

    @Test
    void withoutARewardStagePpoDefaultsToTheGoldJudge() {
        ObjectNode t = tree(PipelineFixtures.WHOLE);
        t.withObject("stages").remove("reward");
        t.withObject("stages").withObject("ppo").remove("reward");
        PipelinePlan p = plan(t, RUN);
        assertEquals("gold", ConfigTrees.get(p.stage("ppo").config(), "reward.type").asText());
        assertEquals(List.of("sft", "synth", "data"), p.stage("ppo").inputs());
    }

    private static String error(String dotted, String json) {
        ObjectNode t = tree(PipelineFixtures.WHOLE);
        try {
            ConfigTrees.set(t, dotted, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return assertThrows(UserException.class, () -> plan(t, RUN)).getMessage();
    }

    private static Set<String> changed(Map<String, String> a, Map<String, String> b) {
        Set<String> out = new TreeSet<>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) out.add(k);
        });
        return out;
    }
}
