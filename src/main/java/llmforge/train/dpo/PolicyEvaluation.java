package llmforge.train.dpo;

import llmforge.align.AlignmentJsonl;
import llmforge.align.GoldJudge;
import llmforge.align.GoldScore;
import llmforge.align.Refusals;
import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.train.AnswerEncoder;
import llmforge.train.PaddedBatch;
import llmforge.train.TextLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a tuned policy behaves, for any preference stage (DPO, PPO): it samples one answer per held-out prompt
 * (temperature 1, fixed seed) and reports the gold judge's mean score (overall and per family), the refusal rate on
 * harmful vs benign prompts, the KL to the reference model estimated on those samples (mean of log π − log π_ref),
 * the policy's entropy estimated on them (mean −log π per sampled token) and the share of distinct answers (both
 * fall when a policy collapses onto a few answers), and the perplexity on pretraining text (how much general
 * modelling was given up).
 */
public final class PolicyEvaluation {
    private static final int BATCH = 16;

    public record Result(int prompts, double goldScore, Map<String, Double> goldByFamily, double refusalHarmful,
                         double refusalBenign, double klToReference, double meanAnswerTokens, Double pretrainPerplexity,
                         double entropyPerToken, double distinctAnswers) {}

    private final AnswerEncoder encoder;
    private final List<AlignmentJsonl.Prompt> prompts;
    private final int maxNewTokens;
    private final long seed;
    private final int[] perplexityText;

    /** @param perplexityText tokens to measure the perplexity on (null: not measured) */
    public PolicyEvaluation(AnswerEncoder encoder, List<AlignmentJsonl.Prompt> prompts, int maxNewTokens, long seed, int[] perplexityText) {
        this.encoder = encoder;
        this.prompts = List.copyOf(prompts);
        this.maxNewTokens = maxNewTokens;
        this.seed = seed;
        this.perplexityText = perplexityText;
    }

    public Result evaluate(Decoder policy, Decoder reference) {
        policy.train(false);
        reference.train(false);
        Generator gen = Generator.cached(policy, encoder.tokenizer());
        int ctx = policy.config().maxSeqLen();
        double gold = 0, kl = 0, tokens = 0, logProb = 0;
        java.util.Set<String> distinct = new java.util.HashSet<>();
        Map<String, double[]> fam = new TreeMap<>();
        long[] refusals = new long[4];     // harmful refused, harmful, benign refused, benign
        int n = 0;
        for (int from = 0; from < prompts.size(); from += BATCH) {
            List<AlignmentJsonl.Prompt> chunk = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
            List<int[]> ids = new ArrayList<>();
            List<AlignmentJsonl.Prompt> kept = new ArrayList<>();
            for (var p : chunk) {
                int[] in = encoder.prompt(p.prompt());
                // prompt + every sampled token is scored by the reference: all must fit the context, or it is not evaluated
                if (in.length + maxNewTokens > ctx) continue;
                ids.add(in);
                kept.add(p);
            }
            if (ids.isEmpty()) continue;
            GenerationConfig cfg = new GenerationConfig(maxNewTokens, SamplingConfig.PLAIN, seed, new int[] {encoder.endOfTurnId()}, List.of());
            List<Generation> out = gen.generate(ids, cfg, from, null);
            List<int[]> seqs = new ArrayList<>();
            int[] starts = new int[out.size()];
            for (int i = 0; i < out.size(); i++) {
                Generation g = out.get(i);
                var p = kept.get(i);
                String answer = g.text().replace("<|im_end|>", "").strip();
                GoldScore s = GoldJudge.score(p.prompt(), answer, p.meta());
                gold += s.total();
                double[] f = fam.computeIfAbsent(s.family(), k -> new double[2]);
                f[0] += s.total();
                f[1]++;
                boolean refused = Refusals.refuses(answer);
                if (p.meta().harmful()) { refusals[1]++; if (refused) refusals[0]++; }
                if (p.meta().family().equals("benign")) { refusals[3]++; if (refused) refusals[2]++; }
                double lp = 0;
                for (float x : g.rawLogProbs()) lp += x;
                kl += lp;
                logProb += lp;
                distinct.add(answer);
                tokens += g.tokens().length;
                int[] seq = java.util.Arrays.copyOf(ids.get(i), ids.get(i).length + g.tokens().length);
                System.arraycopy(g.tokens(), 0, seq, ids.get(i).length, g.tokens().length);
                seqs.add(seq);
                starts[i] = ids.get(i).length;
            }
            try (Grad.Scope gs = Grad.off(); Tape tape = Tape.open()) {
                for (float x : SequenceLogProbs.of(reference, PaddedBatch.rightPadded(seqs, encoder.padId()), starts).toFloatArray()) kl -= x;
            }
            n += out.size();
        }
        Map<String, Double> byFamily = new TreeMap<>();
        fam.forEach((k, v) -> byFamily.put(k, v[0] / v[1]));
        Double ppl = perplexityText == null ? null : TextLoss.of(policy, perplexityText).perplexity();
        return new Result(n, n == 0 ? 0 : gold / n, byFamily, rate(refusals[0], refusals[1]), rate(refusals[2], refusals[3]),
                n == 0 ? 0 : kl / n, n == 0 ? 0 : tokens / n, ppl, tokens == 0 ? 0 : -logProb / tokens, n == 0 ? 0 : distinct.size() / (double) n);
    }

    private static double rate(long k, long n) { return n == 0 ? Double.NaN : k / (double) n; }
}
