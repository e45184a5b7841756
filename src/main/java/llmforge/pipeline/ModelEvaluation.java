package llmforge.pipeline;

import llmforge.align.AlignmentJsonl;
import llmforge.align.Refusals;
import llmforge.autograd.Grad;
import llmforge.data.ShardReader;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.train.AlignmentEval;
import llmforge.train.AnswerEncoder;
import llmforge.train.dpo.PolicyEvaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One model measured for the comparison in the pipeline report: greedy answers to the held-out prompts (the same
 * {@link AlignmentEval} every stage uses: gold score per family, format, refusal rates, end of turn, pretraining
 * perplexity), one sampled answer each ({@link PolicyEvaluation} against the SFT model: KL, entropy, distinct
 * answers), and the answers to the example prompts.
 */
final class ModelEvaluation {
    /** An example prompt and one model's greedy answer; {@code gold}: the judge's total (held-out prompts only). */
    record Example(String prompt, String lang, String family, String answer, String expect, boolean refused, Double gold) {}

    /** Everything the report shows of one model. */
    record Result(String model, AlignmentEval.Result greedy, PolicyEvaluation.Result sampled, List<Example> examples) {}

    private ModelEvaluation() {}

    static Result run(String label, Path modelDir, Path referenceDir, List<AlignmentJsonl.Prompt> prompts, Path shards,
                      ReportSettings s) throws IOException {
        Tokenizer tok = TokenizerJsonReader.read(modelDir.resolve("tokenizer.json"));
        Decoder model = HfModelDirectory.load(modelDir);
        AlignmentEval.Result greedy;
        try (ShardReader val = shards == null ? null : ShardReader.open(shards, "val")) {
            greedy = new AlignmentEval(prompts, val, new AlignmentEval.Settings(s.maxNewTokens(), s.batchSize(), s.textTokens()))
                    .evaluate(label, model, tok);
        }
        Decoder reference = referenceDir.equals(modelDir) ? model : HfModelDirectory.load(referenceDir);
        PolicyEvaluation.Result sampled = new PolicyEvaluation(new AnswerEncoder(tok), prompts, s.maxNewTokens(),
                s.seed() == null ? ReportSettings.DEFAULT_SEED : s.seed(), null)
                .evaluate(model, reference);
        List<Example> examples = new ArrayList<>(heldOutExamples(greedy, s.evalExamples()));
        examples.addAll(answer(model, tok, s));
        return new Result(label, greedy, sampled, examples);
    }

    /** Up to {@code n} held-out prompts, English and Chinese in turn, each of a family not shown yet. */
    private static List<Example> heldOutExamples(AlignmentEval.Result greedy, int n) {
        List<Example> out = new ArrayList<>();
        Set<String> families = new HashSet<>();
        for (int i = 0; out.size() < n && i < 2 * n; i++) {
            String lang = i % 2 == 0 ? "en" : "zh";
            for (AlignmentEval.Answer a : greedy.answers()) {
                var meta = a.prompt().meta();
                if (meta.lang().equals(lang) && families.add(meta.family())) {
                    out.add(new Example(a.prompt().prompt().getLast().content(), lang, meta.family(), a.text(),
                            meta.harmful() ? "refuse" : meta.family().equals("benign") ? "answer" : null, Refusals.refuses(a.text()),
                            a.score().total()));
                    break;
                }
            }
        }
        return out;
    }

    /** Greedy answers to the configured example prompts (a prompt too long for the context gets no answer). */
    private static List<Example> answer(Decoder model, Tokenizer tok, ReportSettings s) {
        AnswerEncoder enc = new AnswerEncoder(tok);
        int ctx = model.config().maxSeqLen();
        List<Example> out = new ArrayList<>();
        model.train(false);
        for (ReportSettings.ExamplePrompt p : s.examplePrompts()) {
            int[] ids = enc.prompt(List.of(new ChatMessage("user", p.text())));
            String answer = "(the prompt does not fit the model's context of " + ctx + " tokens)";
            if (ids.length < ctx) {
                GenerationConfig g = new GenerationConfig(Math.min(s.maxNewTokens(), ctx - ids.length + 1), SamplingConfig.GREEDY, 0,
                        new int[] {enc.endOfTurnId()}, List.of());
                Generation gen;
                try (Grad.Scope off = Grad.off()) {
                    gen = Generator.cached(model, tok).generate(List.of(ids), g).getFirst();
                }
                answer = gen.text();
            }
            out.add(new Example(p.text(), lang(p.text()), null, answer, p.expect(), Refusals.refuses(answer), null));
        }
        return out;
    }

    private static String lang(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? "zh" : "en";
    }
}
