package llmforge.train.dpo;

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
 * On-policy preference pairs from AI feedback ({@link AiFeedbackConfig}): of the starting model's sampled answers to
 * a prompt, the constitution's best and worst make a pair when it tells them apart and the best one ended its turn.
 */
final class AiFeedbackPairs {
    private AiFeedbackPairs() {}

    /** What was built: the pairs, and how many prompts gave none (all answers equal under the constitution, or none ended). */
    record Built(List<AlignmentJsonl.Pair> pairs, int prompts, int undecided) {}

    static Built build(Decoder policy, AnswerEncoder enc, AiFeedbackConfig cfg, long seed) {
        ConstitutionalJudge judge = new ConstitutionalJudge(Constitution.load(Path.of(cfg.constitution())));
        List<OwnAnswers.Sampled> sampled = OwnAnswers.sample(policy, enc, AlignmentJsonl.readPrompts(Path.of(cfg.prompts())), cfg, seed);
        List<AlignmentJsonl.Pair> pairs = new ArrayList<>();
        for (OwnAnswers.Sampled s : sampled) {
            AlignmentJsonl.Pair pair = pair(judge, s.prompt(), s.ended(), s.cut());
            if (pair != null) pairs.add(pair);
        }
        return new Built(pairs, sampled.size(), sampled.size() - pairs.size());
    }

    /** The constitution's best ended answer against its worst answer of all, or null when it cannot tell them apart. */
    static AlignmentJsonl.Pair pair(ConstitutionalJudge judge, AlignmentJsonl.Prompt p, List<String> ended, List<String> cut) {
        if (ended.isEmpty()) return null;
        List<String> all = new ArrayList<>(ended);
        all.addAll(cut);
        if (all.size() < 2) return null;
        Ranking r = judge.rank(p.prompt(), all, p.meta());
        int best = -1;
        for (int i : r.order()) if (i < ended.size()) { best = i; break; }
        int worst = r.order().getLast();
        if (best == worst) return null;
        double[][] s = judge.scores(p.prompt(), List.of(all.get(best), all.get(worst)), p.meta());
        // equal under every rule: a pair only when the worse one was cut, which teaches stopping
        if (!ConstitutionalJudge.differ(s[0], s[1]) && worst < ended.size()) return null;
        return new AlignmentJsonl.Pair(p.prompt(), all.get(best), all.get(worst), p.meta());
    }
}
