package llmforge.train;

import llmforge.align.AlignmentJsonl;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Several sampled answers per prompt from one model, for AI feedback to rank. */
public final class OwnAnswers {
    private static final int BATCH_ROWS = 64;

    /** One prompt's distinct answers: those that ended their turn, and those cut at the token limit (none of the first). */
    public record Sampled(AlignmentJsonl.Prompt prompt, List<String> ended, List<String> cut) {}

    private OwnAnswers() {}

    /** Prompts that do not fit the context with {@code cfg.maxNewTokens()} more tokens are skipped. */
    public static List<Sampled> sample(Decoder model, AnswerEncoder enc, List<AlignmentJsonl.Prompt> prompts, AiFeedbackConfig cfg, long seed) {
        int ctx = model.config().maxSeqLen(), k = cfg.samples();
        List<AlignmentJsonl.Prompt> fitting = new ArrayList<>();
        List<int[]> encoded = new ArrayList<>();
        for (var p : prompts) {
            if (cfg.maxPrompts() > 0 && fitting.size() >= cfg.maxPrompts()) break;
            int[] ids = enc.prompt(p.prompt());
            if (ids.length + cfg.maxNewTokens() > ctx) continue;
            fitting.add(p);
            encoded.add(ids);
        }
        model.train(false);
        Generator gen = Generator.cached(model, enc.tokenizer());
        GenerationConfig gc = new GenerationConfig(cfg.maxNewTokens(), new SamplingConfig(cfg.temperature(), 0, 1, 1), seed,
                new int[] {enc.endOfTurnId()}, List.of());
        List<Sampled> out = new ArrayList<>();
        int perBatch = Math.max(1, BATCH_ROWS / k);
        for (int from = 0; from < fitting.size(); from += perBatch) {
            List<AlignmentJsonl.Prompt> chunk = fitting.subList(from, Math.min(fitting.size(), from + perBatch));
            List<int[]> rows = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++)
                for (int s = 0; s < k; s++) rows.add(encoded.get(from + i));
            List<Generation> gens = gen.generate(rows, gc, (long) from * k, null);
            for (int i = 0; i < chunk.size(); i++) {
                LinkedHashSet<String> ended = new LinkedHashSet<>(), cut = new LinkedHashSet<>();
                for (int s = 0; s < k; s++) {
                    Generation g = gens.get(i * k + s);
                    (g.stoppedOnEos() ? ended : cut).add(g.text().strip());   // the text stops before the end-of-turn token
                }
                cut.removeAll(ended);
                out.add(new Sampled(chunk.get(i), List.copyOf(ended), List.copyOf(cut)));
            }
        }
        return out;
    }
}
