package llmforge.train.ppo;

import llmforge.autograd.Grad;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.nn.Lora;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples responses with the policy through the KV cache (batched), then scores them: the reference's log-probs
 * from one no-grad forward over prompt + response, the values (PPO), the reward with the EOS trick (an answer
 * that never closed its turn gets a fixed penalty instead of its score) and the per-token KL-penalised rewards.
 * GRPO and RLOO use exactly this too; they differ only in the advantage estimate made afterwards.
 */
public final class RolloutCollector {
    private final Decoder policy, reference;
    private final Lora lora;          // non-null: the reference is the policy with these adapters bypassed
    private final ValueModel value;   // null: GRPO / RLOO
    private final RewardFunction reward;
    private final PpoConfig cfg;
    private final KlEstimator estimator;
    private final int[] eosIds;

    public RolloutCollector(Decoder policy, Decoder reference, Lora lora, ValueModel value, RewardFunction reward, PpoConfig cfg, int[] eosIds) {
        if (lora != null && reference != policy) throw new IllegalArgumentException("with LoRA the reference is the policy's frozen base");
        this.policy = policy;
        this.reference = reference;
        this.lora = lora;
        this.value = value;
        this.reward = reward;
        this.cfg = cfg;
        this.estimator = KlEstimator.parse(cfg.klEstimator());
        this.eosIds = eosIds.clone();
    }

    public SamplingConfig sampling() { return new SamplingConfig(cfg.temperature(), cfg.topK(), cfg.topP(), 1.0); }

    /**
     * Generates for {@code prompts} (row r seeded by (seed, firstRow + r): a share of a bigger rollout samples what
     * the whole would) and builds the scored rollout under penalty {@code beta}.
     */
    public Rollout collect(List<RlPrompt> prompts, long firstRow, long seed, double beta) {
        List<int[]> ids = prompts.stream().map(RlPrompt::ids).toList();
        long t0 = System.nanoTime();
        policy.train(false);
        List<Generation> gens = Generator.cached(policy, null)
                .generate(ids, new GenerationConfig(cfg.maxNewTokens(), sampling(), seed, eosIds, List.of()), firstRow, null);
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        int n = gens.size();
        List<int[]> responses = new ArrayList<>(n);
        boolean[] eos = new boolean[n];
        float[][] old = new float[n][];
        long tokens = 0;
        for (int b = 0; b < n; b++) {
            Generation g = gens.get(b);
            responses.add(g.tokens());
            eos[b] = g.stoppedOnEos();
            old[b] = g.rawLogProbs();
            tokens += g.tokens().length;
        }
        Sequences s = Sequences.of(ids, responses);
        float[][] ref, values = null;
        try (var g = Grad.off(); var scope = MemoryScope.open()) {
            reference.train(false);
            try (var base = lora == null ? null : lora.bypass()) {
                ref = s.rows(s.logProbs(reference, s.responseHidden(reference), null).toFloatArray());
            }
            if (value != null) {
                Tensor shared = value.shared() ? s.responseHidden(policy) : null;
                values = s.rows(value.values(s, shared).toFloatArray());
            }
        }
        float[] raw = reward.score(prompts, responses), scores = new float[n];
        float[][] kl = new float[n][], rewards = new float[n][];
        double clip = cfg.rewardClip();
        for (int b = 0; b < n; b++) {
            double sc = !eos[b] && cfg.missingEosPenalty() != null ? cfg.missingEosPenalty() : raw[b];
            scores[b] = (float) Math.max(-clip, Math.min(clip, sc));
            int len = s.lengths()[b];
            kl[b] = new float[len];
            rewards[b] = new float[len];
            for (int t = 0; t < len; t++) {
                kl[b][t] = (float) estimator.perToken(old[b][t], ref[b][t]);
                rewards[b][t] = (float) (-beta * kl[b][t]);
            }
            rewards[b][len - 1] += scores[b];
        }
        return new Rollout(prompts, responses, s, eos, raw, scores, old, ref, values, kl, rewards, genSeconds, tokens);
    }
}
