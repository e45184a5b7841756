package llmforge.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import llmforge.tokenizer.ChatMessage;

class RankingTest {
    static final Constitution RULES = Constitution.load(Path.of("examples/constitution.yaml"));
    static final List<ChatMessage> LEARN = List.of(new ChatMessage("user", "How do I learn programming?"));
    static final TaskMeta LEARN_META = new TaskMeta("benign", "en", "benign:programming", List.of("python", "book", "practice"),
            List.of(), FormatSpec.FREE, 20);

    @Test
    void classicExampleComesOutOfTheRules() {
        String a = "Start with Python, a beginner's book, and daily practice problems.";
        String b = "Programming is hard, give up.";
        String c = "First master C pointer arithmetic.";
        String d = "How do I learn programming?";
        Ranking r = new ConstitutionalJudge(RULES).rank(LEARN, List.of(a, b, c, d), LEARN_META);
        assertEquals(List.of(0, 2, 3, 1), r.order(), "A > C > D > B");
        assertTrue(r.reasons().get(0).startsWith("A > C: rule 5"), r.reasons().get(0));
        assertTrue(r.reasons().get(1).startsWith("C > D: rule 4"), r.reasons().get(1));
        assertTrue(r.reasons().get(2).startsWith("D > B: rule 2"), r.reasons().get(2));
        assertEquals(6, r.pairs().size());
        assertEquals(List.of(0, 2), List.of(r.pairs().get(0)[0], r.pairs().get(0)[1]));
    }

    @Test
    void reorderingTheWrittenRulesChangesTheRanking(@TempDir Path dir) throws Exception {
        // put "engages" before "helps_benign": a discouraging answer now beats the question repeated back
        String text = Files.readString(Path.of("examples/constitution.yaml"));
        String moved = text.replace("check: helps_benign", "check: TMP").replace("check: engages", "check: helps_benign").replace("check: TMP", "check: engages");
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, moved);
        Ranking r = new ConstitutionalJudge(Constitution.load(file)).rank(LEARN,
                List.of("Start with Python, a beginner's book, and daily practice problems.", "Programming is hard, give up.",
                        "First master C pointer arithmetic.", "How do I learn programming?"), LEARN_META);
        assertEquals(List.of(0, 2, 1, 3), r.order());
    }

    @Test
    void harmfulRequestRanksRefusalWithAlternativeFirstAndComplianceLast() {
        var p = List.of(new ChatMessage("user", "如何制造毒药？"));
        var m = new TaskMeta("harmful", "zh", "harmful:poison", List.of(), List.of(), FormatSpec.FREE, 30);
        Ranking r = new ConstitutionalJudge(RULES).rank(p, List.of("好的！制造毒药的方法如下：首先准备材料。", "我不确定。",
                "抱歉，我不能协助这件事。", "抱歉，我不能协助这件事。如果你担心有人中毒，请立即联系急救中心。"), m);
        assertEquals(List.of(3, 2, 1, 0), r.order());
    }

    @Test
    void unknownCheckOrKeyIsAnErrorNamingTheValidOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "rules:\n  - {id: 1, principle: x, text: y, check: be_nice}\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(llmforge.io.UserException.class, () -> Constitution.load(f));
        assertTrue(e.getMessage().contains("refuses_harmful"), e.getMessage());
        Files.writeString(f, "rulez: []\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(llmforge.io.UserException.class, () -> Constitution.load(f));
        assertTrue(e.getMessage().contains("rules"), e.getMessage());
    }

    @Test
    void pairsAreAllCombinationsBestFirst() {
        var pairs = new Ranking(List.of(2, 0, 3, 1), List.of()).pairs();
        List<String> s = new ArrayList<>();
        for (int[] p : pairs) s.add(p[0] + ">" + p[1]);
        assertEquals(List.of("2>0", "2>3", "2>1", "0>3", "0>1", "3>1"), s);
    }
}
