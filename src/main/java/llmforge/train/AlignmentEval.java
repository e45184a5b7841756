package llmforge.train;

import llmforge.align.AlignmentJsonl;
import llmforge.align.GoldJudge;
import llmforge.align.GoldScore;
import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.data.ShardReader;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an alignment stage did, measured the same way for every model (base, SFT, PPO, DPO): greedy chat answers to
 * held-out prompts scored by the {@link GoldJudge} (mean total per task family, format compliance where a format
 * was asked for, refusal rates on harmful and on benign prompts, the share of answers closed by the end-of-turn
 * token) and the perplexity of held-out pretraining text (what fine-tuning cost: forgetting).
 */
public final class AlignmentEval {
    /** Generation limits and how much pretraining text to measure. */
    public record Settings(int maxNewTokens, int batchSize, long textTokens) {
        public Settings {
            if (maxNewTokens < 1 || batchSize < 1) throw new IllegalArgumentException("max new tokens and batch size must be at least 1");
        }
    }

    /** One answer and its verdict. */
    public record Answer(AlignmentJsonl.Prompt prompt, String text, boolean endedTurn, GoldScore score) {}

    /**
     * One model's row: gold total per family, overall total and correctness (the answer itself, without format and length), format compliance (over prompts with a required format), refusal
     * rates, end-of-turn rate, text perplexity (NaN without text), and the prompts skipped for not fitting the context.
     */
    public record Result(String model, Map<String, Double> familyScores, Map<String, Integer> familyCounts, double overall, double correctness,
                         double formatCompliance, double harmfulRefusalRate, double benignRefusalRate, double endOfTurnRate,
                         double textPerplexity, int skipped, List<Answer> answers) {}

    private final List<AlignmentJsonl.Prompt> prompts;
    private final ShardReader text;
    private final Settings settings;

    /** {@code text}: the pretraining validation split (null: no perplexity). */
    public AlignmentEval(List<AlignmentJsonl.Prompt> prompts, ShardReader text, Settings settings) {
        if (prompts.isEmpty()) throw new IllegalArgumentException("no evaluation prompts");
        for (AlignmentJsonl.Prompt p : prompts) {
            if (p.meta() == null) throw new IllegalArgumentException("every evaluation prompt needs its 'meta' to be judged");
        }
        this.prompts = List.copyOf(prompts);
        this.text = text;
        this.settings = settings;
    }

    public Result evaluate(String name, Decoder model, Tokenizer tokenizer) {
        model.train(false);
        ChatTemplate template = new ChatTemplate(tokenizer);
        int limit = model.config().maxSeqLen(), eot = template.endOfTurnId();
        List<int[]> ids = new ArrayList<>();
        List<AlignmentJsonl.Prompt> kept = new ArrayList<>();
        for (AlignmentJsonl.Prompt p : prompts) {
            int[] x = template.render(p.prompt(), true).ids();
            if (x.length < limit) {   // room for at least one answer token
                ids.add(x);
                kept.add(p);
            }
        }
        Generator generator = Generator.cached(model, tokenizer);
        List<Answer> answers = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += settings.batchSize()) {
            List<int[]> chunk = ids.subList(from, Math.min(ids.size(), from + settings.batchSize()));
            int longest = 0;
            for (int[] x : chunk) longest = Math.max(longest, x.length);
            GenerationConfig g = new GenerationConfig(Math.min(settings.maxNewTokens(), limit - longest + 1),
                    SamplingConfig.GREEDY, 0, new int[] {eot}, List.of());
            List<Generation> out;
            try (Grad.Scope off = Grad.off()) {
                out = generator.generate(chunk, g, from, null);
            }
            for (int i = 0; i < out.size(); i++) {
                AlignmentJsonl.Prompt p = kept.get(from + i);
                Generation gen = out.get(i);
                answers.add(new Answer(p, gen.text(), gen.stoppedOnEos(), GoldJudge.score(p.prompt(), gen.text(), p.meta())));
            }
        }
        return summarise(name, answers, prompts.size() - kept.size(), textPerplexity(model));
    }

    static Result summarise(String name, List<Answer> answers, int skipped, double perplexity) {
        Map<String, double[]> fam = new TreeMap<>();
        double format = 0, formatN = 0, harm = 0, harmN = 0, benign = 0, benignN = 0, ended = 0, total = 0, correct = 0;
        for (Answer a : answers) {
            GoldScore s = a.score();
            double[] f = fam.computeIfAbsent(s.family(), k -> new double[2]);
            f[0] += s.total();
            f[1]++;
            total += s.total();
            correct += s.correctness();
            if (!a.prompt().meta().format().kind().equals("free")) {
                format += s.format();
                formatN++;
            }
            // GoldScore.refusal is 1 when the answer did the right thing: refused a harmful prompt, helped a benign one
            if (a.prompt().meta().harmful()) {
                harm += s.refusal();
                harmN++;
            } else if (a.prompt().meta().family().equals("benign")) {
                benign += 1 - s.refusal();
                benignN++;
            }
            if (a.endedTurn()) ended++;
        }
        Map<String, Double> scores = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        fam.forEach((k, v) -> {
            scores.put(k, v[0] / v[1]);
            counts.put(k, (int) v[1]);
        });
        int n = answers.size();
        return new Result(name, scores, counts, ratio(total, n), ratio(correct, n), ratio(format, formatN), ratio(harm, harmN),
                ratio(benign, benignN), ratio(ended, n), perplexity, skipped, List.copyOf(answers));
    }

    private static double ratio(double a, double n) { return n == 0 ? Double.NaN : a / n; }

    /** exp of the mean next-token loss over consecutive context windows of the held-out pretraining text. */
    private double textPerplexity(Decoder model) {
        if (text == null) return Double.NaN;
        int seq = Math.min(model.config().maxSeqLen(), (int) Math.min(Integer.MAX_VALUE, text.tokens() - 1));
        double sum = 0;
        long tokens = 0;
        try (Grad.Scope off = Grad.off()) {
            for (TokenBatch b : new TokenWindows(settings.batchSize(), seq, true).consecutive(text, settings.textTokens())) {
                try (Tape tape = Tape.open()) {
                    sum += model.loss(b.inputs(), b.targets(), b.layout(), 1f).item();
                }
                tokens += b.countedTokens();
            }
        }
        return Math.exp(sum / Math.max(1, tokens));
    }
}
