package llmforge.train.ppo;

import llmforge.train.LoraSpec;
import llmforge.train.ModelSpec;
import llmforge.train.TrainerConfig;

import java.util.Locale;

/**
 * {@code llmforge ppo --config FILE}. The {@code train:} section is the shared loop's: {@code steps} counts PPO
 * iterations (rollout batch + updates), {@code lr}/schedule/{@code grad_clip}/{@code weight_decay} drive AdamW,
 * {@code eval_every}/{@code checkpoint_every} count iterations, {@code seed} fixes every draw.
 *
 * @param algorithm          ppo (GAE with a value head), grpo or rloo (group baselines, no value model)
 * @param policy             HF model directory to start from (the SFT checkpoint); absent: {@code model} from scratch (toy)
 * @param prompts            RL prompts (prompts_rl.jsonl); absent: the toy task's random token prompts
 * @param evalPrompts        held-out prompts (prompts_eval.jsonl) for gold score and refusal rates at each evaluation
 * @param samplesPerPrompt   responses drawn per prompt (the group of GRPO/RLOO; ≥ 2 for them)
 * @param missingEosPenalty  score of an answer that never closed its turn, instead of its reward (null: off)
 * @param klTarget           adaptive β's target KL (per sequence); null: β fixed at {@code klBeta}
 * @param valueTrunk         shared (value head on the policy's trunk) or own (a separate copy of the policy)
 * @param frozenBf16         keep the frozen models (reference, learned reward model) in bf16: half their weight memory
 * @param earlyStopKl        stop a rollout batch's updates when the mean ½(log π − log π_old)² of a mini-batch exceeds it (0: never)
 * @param ptxCoef            weight of the pretraining loss mixed into each update (PPO-ptx; needs pretrainData)
 * @param pretrainData       packed shards: ptx batches (train split) and the validation perplexity (val split)
 * @param lora               train LoRA adapters on the frozen policy (absent: every weight); the frozen base is then the
 *                           reference model, so none is loaded; needs {@code value_trunk: shared}
 */
public record PpoConfig(String algorithm, String policy, ModelSpec model, ToyTask toy, String tokenizer, String prompts,
                        String evalPrompts, Integer evalLimit, RewardSpec reward, String output, Integer promptsPerIteration,
                        Integer samplesPerPrompt, Integer maxNewTokens, Double temperature, Integer topK, Double topP,
                        Double missingEosPenalty, Double rewardClip, Double klBeta, Double klTarget, Double klHorizon,
                        String klEstimator, Double gamma, Double lambda, Boolean whitenAdvantages, Double clip,
                        Double valueClip, Double valueCoef, Integer ppoEpochs, Integer miniBatch, Double earlyStopKl,
                        String valueTrunk, Boolean frozenBf16, Double ptxCoef, String pretrainData, Integer ptxSeqLen, Long evalTokens,
                        Integer hackingWindow, Double minEntropy, Double minDiversity, Boolean resume, TrainerConfig train,
                        LoraSpec lora) {
    /** The toy task: random token prompts, reward = occurrences of {@code token} in the response. */
    public record ToyTask(Integer vocabSize, Integer token, Integer promptLength, Integer promptCount, Integer eos) {
        public ToyTask {
            vocabSize = vocabSize == null ? 16 : vocabSize;
            token = token == null ? 5 : token;
            promptLength = promptLength == null ? 4 : promptLength;
            promptCount = promptCount == null ? 64 : promptCount;
            if (vocabSize < 2 || token < 0 || token >= vocabSize) throw new IllegalArgumentException("toy 'token' must be in [0, vocab_size)");
            if (promptLength < 1 || promptCount < 1) throw new IllegalArgumentException("toy 'prompt_length' and 'prompt_count' must be >= 1");
            if (eos != null && (eos < 0 || eos >= vocabSize)) throw new IllegalArgumentException("toy 'eos' must be in [0, vocab_size)");
        }
    }

    /** The reward: toy (token count), gold (the gold judge) or model (a learned reward model directory at {@code path}). */
    public record RewardSpec(String type, String path) {
        public RewardSpec {
            type = type == null ? "toy" : type.toLowerCase(Locale.ROOT);
            if (!type.equals("toy") && !type.equals("gold") && !type.equals("model"))
                throw new IllegalArgumentException("reward 'type' must be toy, gold or model, not '" + type + "'");
            if (type.equals("model") && path == null) throw new IllegalArgumentException("reward type 'model' needs 'path' (the reward model directory)");
        }
    }

    public enum Algorithm { PPO, GRPO, RLOO }

    public PpoConfig {
        algorithm = algorithm == null ? "ppo" : algorithm.toLowerCase(Locale.ROOT);
        if (!algorithm.equals("ppo") && !algorithm.equals("grpo") && !algorithm.equals("rloo"))
            throw new IllegalArgumentException("'algorithm' must be ppo, grpo or rloo, not '" + algorithm + "'");
        if (policy == null && model == null) throw new IllegalArgumentException("give 'policy' (an SFT checkpoint) or 'model' (a preset, for the toy)");
        if (prompts == null && toy == null) throw new IllegalArgumentException("give 'prompts' (prompts_rl.jsonl) or 'toy' (the toy task)");
        evalLimit = evalLimit == null ? 64 : evalLimit;
        reward = reward == null ? new RewardSpec(null, null) : reward;
        if (reward.type().equals("toy") && toy == null) throw new IllegalArgumentException("reward type 'toy' needs the 'toy' section");
        output = output == null ? "runs/ppo" : output;
        promptsPerIteration = promptsPerIteration == null ? 16 : promptsPerIteration;
        samplesPerPrompt = samplesPerPrompt == null ? (algorithm.equals("ppo") ? 1 : 4) : samplesPerPrompt;
        maxNewTokens = maxNewTokens == null ? 32 : maxNewTokens;
        temperature = temperature == null ? 1.0 : temperature;
        topK = topK == null ? 0 : topK;
        topP = topP == null ? 1.0 : topP;
        rewardClip = rewardClip == null ? 10.0 : rewardClip;
        klBeta = klBeta == null ? 0.2 : klBeta;
        klHorizon = klHorizon == null ? 10000.0 : klHorizon;
        klEstimator = klEstimator == null ? "k1" : klEstimator;
        KlEstimator.parse(klEstimator);
        gamma = gamma == null ? 1.0 : gamma;
        lambda = lambda == null ? 0.95 : lambda;
        whitenAdvantages = whitenAdvantages == null || whitenAdvantages;
        clip = clip == null ? 0.2 : clip;
        valueClip = valueClip == null ? 0.2 : valueClip;
        valueCoef = valueCoef == null ? 0.1 : valueCoef;
        ppoEpochs = ppoEpochs == null ? 4 : ppoEpochs;
        miniBatch = miniBatch == null ? 8 : miniBatch;
        earlyStopKl = earlyStopKl == null ? 0.5 : earlyStopKl;
        valueTrunk = valueTrunk == null ? "shared" : valueTrunk.toLowerCase(Locale.ROOT);
        if (!valueTrunk.equals("shared") && !valueTrunk.equals("own"))
            throw new IllegalArgumentException("'value_trunk' must be shared or own, not '" + valueTrunk + "'");
        frozenBf16 = frozenBf16 != null && frozenBf16;
        ptxCoef = ptxCoef == null ? 0.0 : ptxCoef;
        if (ptxCoef > 0 && pretrainData == null) throw new IllegalArgumentException("'ptx_coef' > 0 needs 'pretrain_data' (packed shards)");
        ptxSeqLen = ptxSeqLen == null ? 64 : ptxSeqLen;
        evalTokens = evalTokens == null ? 4096L : evalTokens;
        hackingWindow = hackingWindow == null ? 6 : hackingWindow;
        minEntropy = minEntropy == null ? 0.05 : minEntropy;
        minDiversity = minDiversity == null ? 0.2 : minDiversity;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (promptsPerIteration < 1 || maxNewTokens < 1 || ppoEpochs < 1 || miniBatch < 1)
            throw new IllegalArgumentException("'prompts_per_iteration', 'max_new_tokens', 'ppo_epochs' and 'mini_batch' must be >= 1");
        if (samplesPerPrompt < 1) throw new IllegalArgumentException("'samples_per_prompt' must be >= 1");
        if (!algorithm.equals("ppo") && samplesPerPrompt < 2)
            throw new IllegalArgumentException("'samples_per_prompt' must be >= 2 for " + algorithm + " (its baseline is the other samples of the prompt)");
        if (!(clip > 0) || !(valueClip > 0)) throw new IllegalArgumentException("'clip' and 'value_clip' must be positive");
        if (!(rewardClip > 0)) throw new IllegalArgumentException("'reward_clip' must be positive");
        if (hackingWindow < 2) throw new IllegalArgumentException("'hacking_window' must be >= 2");
        if (lora != null && valueTrunk.equals("own"))
            throw new IllegalArgumentException("'lora' trains adapters on the policy only: use value_trunk: shared (a head on the policy's trunk)");
    }

    public Algorithm algorithmKind() { return Algorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)); }

    public int rolloutSize() { return promptsPerIteration * samplesPerPrompt; }
}
