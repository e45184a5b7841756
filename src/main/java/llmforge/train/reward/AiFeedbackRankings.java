package llmforge.train.reward;

import llmforge.align.AlignmentJsonl;
import llmforge.align.Constitution;
import llmforge.align.ConstitutionalJudge;
import llmforge.align.Ranking;
import llmforge.model.Decoder;
import llmforge.train.AiFeedbackConfig;
import llmforge.train.AnswerEncoder;
import llmforge.train.OwnAnswers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * On-policy rankings from AI feedback ({@link AiFeedbackConfig}): the starting model's own answers to each prompt,
 * ranked by the constitution, the way InstructGPT's labellers ranked model samples. Answers the constitution cannot
 * tell apart keep only the first of them (a Bradley–Terry pair between equals would teach noise); answers cut at the
 * token limit are left out. A prompt needs two answers the constitution separates.
 */
final class AiFeedbackRankings {
    private AiFeedbackRankings() {}

    static List<AlignmentJsonl.Ranked> build(Decoder model, AnswerEncoder enc, List<AlignmentJsonl.Prompt> prompts, AiFeedbackConfig cfg, long seed) {
        ConstitutionalJudge judge = new ConstitutionalJudge(Constitution.load(Path.of(cfg.constitution())));
        List<AlignmentJsonl.Ranked> out = new ArrayList<>();
        for (OwnAnswers.Sampled s : OwnAnswers.sample(model, enc, prompts, cfg, seed)) {
            AlignmentJsonl.Ranked r = ranked(judge, s.prompt(), s.ended());
            if (r != null) out.add(r);
        }
        return out;
    }

    /** The distinct levels of {@code answers} under the constitution, best first, or null when there are fewer than two. */
    static AlignmentJsonl.Ranked ranked(ConstitutionalJudge judge, AlignmentJsonl.Prompt p, List<String> answers) {
        if (answers.size() < 2) return null;
        Ranking all = judge.rank(p.prompt(), answers, p.meta());
        double[][] s = judge.scores(p.prompt(), answers, p.meta());
        List<String> kept = new ArrayList<>();
        int last = -1;
        for (int i : all.order()) {
            if (last >= 0 && !ConstitutionalJudge.differ(s[last], s[i])) continue;
            kept.add(answers.get(i));
            last = i;
        }
        if (kept.size() < 2) return null;
        Ranking r = judge.rank(p.prompt(), kept, p.meta());   // kept is best first: r.order() is 0, 1, 2, ...
        return new AlignmentJsonl.Ranked(p.prompt(), kept, r.order(), r.reasons(), p.meta());
    }
}
