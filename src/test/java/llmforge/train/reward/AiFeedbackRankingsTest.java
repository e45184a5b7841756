package llmforge.train.reward;

import llmforge.align.AlignmentJsonl;
import llmforge.align.Constitution;
import llmforge.align.ConstitutionalJudge;
import llmforge.align.FormatSpec;
import llmforge.align.TaskMeta;
import llmforge.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AiFeedbackRankingsTest {
    static final ConstitutionalJudge JUDGE = new ConstitutionalJudge(Constitution.load(Path.of("examples/constitution.yaml")));

    static AlignmentJsonl.Prompt add() {
        TaskMeta m = new TaskMeta("add", "en", "add:2+3", List.of("5"), List.of(), FormatSpec.FREE, 7);
        return new AlignmentJsonl.Prompt(List.of(new ChatMessage("user", "What is 2 + 3?")), m, null);
    }

    @Test void answersTheConstitutionCannotTellApartCountOnceAndTheRestRankBestFirst() {
        // two right answers (equal under every rule), a wrong one, an echo
        var r = AiFeedbackRankings.ranked(JUDGE, add(), List.of("2 + 3 = 6.", "It is 5.", "What is 2 + 3?", "2 + 3 = 5."));
        assertEquals(List.of("It is 5.", "What is 2 + 3?", "2 + 3 = 6."), r.responses());
        assertEquals(List.of(0, 1, 2), r.ranking());
        assertEquals(2, r.reasons().size());
        // a Bradley–Terry pair of every kept level: C(3, 2)
        assertEquals(3, RankingGroup.pairs(r.ranking()).size());
    }

    @Test void aPromptNeedsTwoAnswersTheConstitutionSeparates() {
        assertNull(AiFeedbackRankings.ranked(JUDGE, add(), List.of("2 + 3 = 5.", "It is 5.")));
        assertNull(AiFeedbackRankings.ranked(JUDGE, add(), List.of("2 + 3 = 5.")));
    }
}
