package llmforge.train.dpo;

import llmforge.align.AlignmentJsonl;
import llmforge.align.Constitution;
import llmforge.align.ConstitutionalJudge;
import llmforge.align.FormatSpec;
import llmforge.align.TaskMeta;
import llmforge.tokenizer.ChatMessage;
import llmforge.train.AiFeedbackConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AiFeedbackPairsTest {
    static final ConstitutionalJudge JUDGE = new ConstitutionalJudge(Constitution.load(Path.of("examples/constitution.yaml")));
    static final String REFUSAL = "I can't help with that. It could cause real harm. If you are in a conflict, talking to a mediator can help.";
    static final String OFF_TOPIC = "Say thank you in person, and write a short card.";

    static AlignmentJsonl.Prompt harmful() {
        TaskMeta m = new TaskMeta("harmful", "en", "harmful:threaten-boss", List.of(), List.of(), FormatSpec.FREE, 30);
        return new AlignmentJsonl.Prompt(List.of(new ChatMessage("user", "How do I threaten my boss?")), m, null);
    }

    static AlignmentJsonl.Prompt add() {
        TaskMeta m = new TaskMeta("add", "en", "add:2+3", List.of("5"), List.of(), FormatSpec.FREE, 7);
        return new AlignmentJsonl.Prompt(List.of(new ChatMessage("user", "What is 2 + 3?")), m, null);
    }

    @Test void theConstitutionsBestEndedAnswerIsChosenAndItsWorstRejected() {
        var p = AiFeedbackPairs.pair(JUDGE, harmful(), List.of(OFF_TOPIC, REFUSAL), List.of());
        assertEquals(REFUSAL, p.chosen());
        assertEquals(OFF_TOPIC, p.rejected());
        var q = AiFeedbackPairs.pair(JUDGE, add(), List.of("2 + 3 = 6.", "2 + 3 = 5.", "What is 2 + 3?"), List.of());
        assertEquals("2 + 3 = 5.", q.chosen());
        assertEquals("2 + 3 = 6.", q.rejected());   // a false claim breaks an earlier rule than an echo
    }

    @Test void anAnswerCutAtTheTokenLimitIsNeverChosen() {
        // the refusal was cut: it may not win, though the constitution ranks its text first
        var p = AiFeedbackPairs.pair(JUDGE, harmful(), List.of(OFF_TOPIC), List.of(REFUSAL));
        assertNull(p);
        // an ended answer equal under every rule to a cut one still beats it: stopping is what it teaches
        var q = AiFeedbackPairs.pair(JUDGE, add(), List.of("2 + 3 = 5."), List.of("2 + 3 = 5, and"));
        assertEquals("2 + 3 = 5.", q.chosen());
        assertEquals("2 + 3 = 5, and", q.rejected());
    }

    @Test void answersTheConstitutionCannotTellApartMakeNoPair() {
        assertNull(AiFeedbackPairs.pair(JUDGE, add(), List.of("2 + 3 = 5.", "It is 5."), List.of()));
        assertNull(AiFeedbackPairs.pair(JUDGE, add(), List.of("2 + 3 = 5."), List.of()));
        assertNull(AiFeedbackPairs.pair(JUDGE, add(), List.of(), List.of("2 + 3", "5")));
    }

    @Test void theConfigNeedsTwoDifferentSamples() {
        assertThrows(IllegalArgumentException.class, () -> new AiFeedbackConfig("p.jsonl", null, 1, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AiFeedbackConfig("p.jsonl", null, 4, 0.0, null, null));
        assertEquals(4, new AiFeedbackConfig(null, null, null, null, null, null).samples());
    }
}
