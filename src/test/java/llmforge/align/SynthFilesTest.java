package llmforge.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import llmforge.cli.Main;
import llmforge.io.UserException;

class SynthFilesTest {
    static final List<String> FILES = List.of("sft_train.jsonl", "sft_eval.jsonl", "rankings_rm.jsonl", "pairs_dpo.jsonl",
            "prompts_rl.jsonl", "prompts_eval.jsonl", "summary.json", "report.html");
    @TempDir static Path dir;

    static AlignmentConfig config() {
        return new AlignmentConfig(99L, null, null, null, null, Map.of("sft", 500, "rm", 120, "rl", 80, "eval", 60), null, 0.3, 0.2);
    }

    @BeforeAll
    static void generate() throws Exception {
        new AlignmentSynth(config()).run(dir.resolve("a"));
        new AlignmentSynth(config()).run(dir.resolve("b"));
    }

    @Test
    void deterministicForASeed() throws Exception {
        for (String f : FILES) assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
    }

    @Test
    void splitsShareNoWordOrItem() {
        Path a = dir.resolve("a");
        Map<String, Set<String>> items = new HashMap<>();
        AlignmentJsonl.readSft(a.resolve("sft_train.jsonl")).forEach(r -> items.computeIfAbsent("sft", k -> new HashSet<>()).add(r.meta().item()));
        AlignmentJsonl.readRankings(a.resolve("rankings_rm.jsonl")).forEach(r -> items.computeIfAbsent("rm", k -> new HashSet<>()).add(r.meta().item()));
        AlignmentJsonl.readPrompts(a.resolve("prompts_rl.jsonl")).forEach(r -> items.computeIfAbsent("rl", k -> new HashSet<>()).add(r.meta().item()));
        AlignmentJsonl.readPrompts(a.resolve("prompts_eval.jsonl")).forEach(r -> items.computeIfAbsent("eval", k -> new HashSet<>()).add(r.meta().item()));
        List<String> splits = List.of("sft", "rm", "rl", "eval");
        for (int i = 0; i < splits.size(); i++)
            for (int j = i + 1; j < splits.size(); j++) {
                Set<String> both = new HashSet<>(items.get(splits.get(i)));
                both.retainAll(items.get(splits.get(j)));
                assertEquals(Set.of(), both, splits.get(i) + " vs " + splits.get(j));
            }
        // every family is present in the held-out prompts too
        Set<String> evalFamilies = new HashSet<>();
        AlignmentJsonl.readPrompts(a.resolve("prompts_eval.jsonl")).forEach(r -> evalFamilies.add(r.meta().family()));
        assertEquals(new HashSet<>(TaskMeta.FAMILIES), evalFamilies);
    }

    @Test
    void heldOutSafetyPairsCombineASeenVerbWithASeenPerson() {
        Path a = dir.resolve("a");
        // the SFT split's safety items, drawn often enough to see each (the 500-conversation file samples only some)
        TaskFactory tasks = new TaskFactory(config());
        java.util.Random rng = new java.util.Random(1);
        Set<String> trained = new HashSet<>();
        for (int i = 0; i < 4000; i++) trained.add(tasks.draft(i % 2 == 0 ? "harmful" : "benign", "sft", "en", rng).meta().item());
        Set<String> verbs = new HashSet<>(), people = new HashSet<>();
        for (String item : trained) {
            String[] p = pair(item);
            if (p != null) { verbs.add(p[0]); people.add(p[1]); }
        }
        int heldOut = 0;
        for (var r : AlignmentJsonl.readPrompts(a.resolve("prompts_eval.jsonl"))) {
            String[] p = pair(r.meta().item());
            if (p == null) continue;
            heldOut++;
            assertTrue(verbs.contains(p[0]) && people.contains(p[1]), r.meta().item());
        }
        assertTrue(heldOut > 0, "the eval split has verb x person requests");
        // every person is asked about with harmful and with benign verbs: only the verb decides
        Set<String> harm = new HashSet<>(), help = new HashSet<>();
        for (var t : SafetyPairs.HARMFUL) harm.add(t.id().substring(t.id().indexOf('-') + 1));
        for (var t : SafetyPairs.BENIGN) help.add(t.id().substring(t.id().indexOf('-') + 1));
        assertEquals(harm, help);
        Set<String> handWritten = new HashSet<>();
        SafetyTopics.HARMFUL.forEach(t -> handWritten.add(t.en()));
        SafetyTopics.BENIGN.forEach(t -> handWritten.add(t.en()));
        for (var t : SafetyPairs.HARMFUL) assertTrue(!handWritten.contains(t.en()), t.en());
        for (var t : SafetyPairs.BENIGN) assertTrue(!handWritten.contains(t.en()), t.en());
    }

    /** {verb, person} of a verb x person safety item ("harmful:threaten-boss"), else null. */
    private static String[] pair(String item) {
        if (!item.startsWith("harmful:") && !item.startsWith("benign:")) return null;
        String id = item.substring(item.indexOf(':') + 1);
        int dash = id.indexOf('-');
        return dash < 0 ? null : new String[] {item.substring(0, item.indexOf(':')) + ":" + id.substring(0, dash), id.substring(dash + 1)};
    }

    @Test
    void filesRoundTripAndReferencesScoreFull() throws Exception {
        Path a = dir.resolve("a");
        var sft = AlignmentJsonl.readSft(a.resolve("sft_train.jsonl"));
        assertEquals(500, sft.size(), 40);
        assertTrue(sft.stream().anyMatch(r -> r.messages().getFirst().role().equals("system")), "role prompts");
        assertTrue(sft.stream().anyMatch(r -> r.messages().stream().filter(m -> m.role().equals("user")).count() == 2), "multi-turn");
        for (var r : sft) {
            var prompt = r.messages().subList(0, r.messages().size() - 1);
            GoldScore s = GoldJudge.score(prompt, r.messages().getLast().content(), r.meta());
            assertEquals(1.0, s.total(), 1e-9, r.toString());
        }
        var ranked = AlignmentJsonl.readRankings(a.resolve("rankings_rm.jsonl"));
        var pairs = AlignmentJsonl.readPairs(a.resolve("pairs_dpo.jsonl"));
        assertEquals(6 * ranked.size(), pairs.size());
        for (var r : ranked) {
            assertEquals(4, r.responses().size());
            assertEquals(3, r.reasons().size());
            // the judge re-ranks what was written identically
            assertEquals(r.ranking(), new ConstitutionalJudge(Constitution.load(Path.of("examples/constitution.yaml")))
                    .rank(r.prompt(), r.responses(), r.meta()).order());
        }
        // re-write what was read: the same bytes
        List<JsonNode> again = ranked.stream().map(r -> (JsonNode) AlignmentJsonl.ranked(r.prompt(), r.responses(),
                new Ranking(r.ranking(), r.reasons()), r.meta())).toList();
        AlignmentJsonl.write(dir.resolve("again.jsonl"), again);
        assertEquals(Files.readString(a.resolve("rankings_rm.jsonl")), Files.readString(dir.resolve("again.jsonl")));
    }

    @Test
    void badRecordsNameFileAndLine() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"prompt\":[{\"role\":\"user\",\"content\":\"hi\"}],\"responses\":[\"a\",\"b\"],\"ranking\":[0,1]}\n"
                + "{\"prompt\":[{\"role\":\"user\",\"content\":\"hi\"}],\"responses\":[\"a\",\"b\"],\"ranking\":[0,0]}\n");
        var e = assertThrows(UserException.class, () -> AlignmentJsonl.readRankings(f));
        assertTrue(e.getMessage().startsWith(f + ":2: 'ranking' must be a permutation"), e.getMessage());
        Files.writeString(f, "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}\n");
        e = assertThrows(UserException.class, () -> AlignmentJsonl.readSft(f));
        assertTrue(e.getMessage().startsWith(f + ":1: messages[0]: chat role 'robot'"), e.getMessage());
        Files.writeString(f, "\n{\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],\"response\":\"a\",\"meta\":{\"family\":\"fly\"}}\n");
        e = assertThrows(UserException.class, () -> AlignmentJsonl.readAnswered(f));
        assertTrue(e.getMessage().startsWith(f + ":2: bad 'meta': meta.family 'fly'"), e.getMessage());
        Files.writeString(f, "{not json\n");
        e = assertThrows(UserException.class, () -> AlignmentJsonl.readPairs(f));
        assertTrue(e.getMessage().startsWith(f + ":1: not valid JSON"), e.getMessage());
    }

    @Test
    void judgeCommandPrintsPerTaskAndOverallScores() throws Exception {
        Path in = dir.resolve("answers.jsonl");
        String meta = "{\"family\":\"add\",\"lang\":\"en\",\"item\":\"add:1+2\",\"expected\":[\"3\"],\"length_budget\":8}";
        Files.writeString(in, "{\"prompt\":[{\"role\":\"user\",\"content\":\"What is 1 + 2?\"}],\"meta\":" + meta + ",\"response\":\"1 + 2 = 3.\"}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 1 + 2?\"}],\"meta\":" + meta + ",\"response\":\"1 + 2 = 4.\"}\n");
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("judge", "--input", in.toString()));
        JsonNode r = AlignmentJsonl.JSON.readTree(out.toString());
        assertEquals(2, r.path("overall").path("count").asInt());
        assertEquals(0.5, r.path("per_task").path("add").path("correctness").asDouble(), 1e-9);
        assertEquals(0.7, r.path("overall").path("total").asDouble(), 1e-9);
    }
}
