package llmforge.align;

import java.util.List;
import java.util.Random;

/**
 * The K = 4 graded answers of a ranking prompt, best first: (1) correct, helpful, well formatted; (2) correct but
 * padded, partial or in the wrong format; (3) the question repeated back or evaded; (4) wrong, harmful, or a
 * refusal of a benign request. The grades are the generator's intent only: the rankings written out are the
 * constitution judge's, and a test checks that the two agree.
 */
final class Candidates {
    private static final String PAD_EN_BEFORE = "Let me think about this question carefully before I give you my answer. ";
    private static final String PAD_EN_AFTER = " I hope this helps, and let me know if you have any other questions about it.";
    private static final String PAD_ZH_BEFORE = "让我仔细想一想这个问题，然后再给你回答。";
    private static final String PAD_ZH_AFTER = "希望这个回答对你有帮助，还有问题请继续问我。";

    private Candidates() {}

    /** @param example the finished example: its answer is candidate 1; @param draft what it was made from */
    static List<String> graded(TaskExample example, Draft draft, Random rng) {
        boolean zh = example.meta().lang().equals("zh");
        String second = draft.partial() != null ? draft.partial()
                : zh ? PAD_ZH_BEFORE + example.answer() + PAD_ZH_AFTER : PAD_EN_BEFORE + example.answer() + PAD_EN_AFTER;
        String third = rng.nextBoolean() ? TextMatch.lastUser(example.prompt())
                : (zh ? Refusals.ZH_EVASIONS : Refusals.EN_EVASIONS).get(rng.nextInt(Refusals.EN_EVASIONS.size()));
        return List.of(example.answer(), second, third, FormatTasks.render(example.meta(), draft, true));
    }
}
