package llmforge.train.dpo;

import llmforge.train.AiFeedbackConfig;
import llmforge.train.LoraSpec;
import llmforge.train.TrainerConfig;

/**
 * {@code llmforge dpo --config FILE}.
 *
 * @param model          decoder checkpoint directory: the starting policy and the reference model
 * @param tokenizer      tokenizer.json (default: the one in {@code model})
 * @param data           pairs JSONL ({@code llmforge data synth}'s pairs_dpo.jsonl)
 * @param pairs          which pairs to train on: data (the file), ai_feedback (made on-policy) or both
 * @param evalPrompts    held-out prompts for the gold-judge evaluation before and after (prompts_eval.jsonl; optional)
 * @param pretrainData   packed shards whose val split measures the pretraining perplexity before and after (optional)
 * @param loss           dpo, ipo or hinge
 * @param beta           strength of the KL regularisation (TRL's default 0.1)
 * @param labelSmoothing conservative DPO: assumed share of flipped labels (0: plain DPO)
 * @param rpoAlpha       weight of the chosen answer's NLL (RPO; 0: off)
 * @param reference      precomputed (once, before training: one model in memory) or on_the_fly
 * @param frozenBf16     keep the on-the-fly reference model in bf16 (half its weight memory)
 * @param batchSize      pairs per micro-batch
 * @param evalFraction   share of prompts whose pairs are held out for the validation loss
 * @param maxPairs       use at most this many training pairs and a fifth of that held out (0: all)
 * @param evalSamples    eval prompts generated for the before/after evaluation (0: all)
 * @param maxNewTokens   generation limit of the evaluation
 * @param perplexityTokens val tokens of {@code pretrainData} measured
 * @param lora           train LoRA adapters on the frozen model (absent: every weight); the frozen base is then the
 *                       reference, so {@code on_the_fly} needs no second model
 * @param aiFeedback     how on-policy pairs are made: the starting model's own answers ranked by a constitution
 */
public record DpoConfig(String model, String tokenizer, String data, String pairs, String evalPrompts, String pretrainData, String output,
                        String loss, Double beta, Double labelSmoothing, Double rpoAlpha, String reference, Boolean frozenBf16, Integer batchSize,
                        Double evalFraction, Integer maxPairs, Integer evalSamples, Integer maxNewTokens, Integer perplexityTokens,
                        Boolean resume, TrainerConfig train, LoraSpec lora, AiFeedbackConfig aiFeedback) {
    public DpoConfig {
        if (model == null) throw new IllegalArgumentException("'model' must name the checkpoint directory to start from");
        pairs = AiFeedbackConfig.source("pairs", pairs);
        if (AiFeedbackConfig.usesData(pairs) && data == null) throw new IllegalArgumentException("'data' must name the pairs JSONL file");
        if (AiFeedbackConfig.usesAiFeedback(pairs) && (aiFeedback == null || aiFeedback.prompts() == null))
            throw new IllegalArgumentException("'pairs: " + pairs + "' needs 'ai_feedback.prompts' (the prompts its answers are sampled for)");
        output = output == null ? "runs/dpo" : output;
        loss = loss == null ? "dpo" : loss;
        beta = beta == null ? 0.1 : beta;
        labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
        rpoAlpha = rpoAlpha == null ? 0.0 : rpoAlpha;
        reference = reference == null ? "precomputed" : reference;
        frozenBf16 = frozenBf16 != null && frozenBf16;
        batchSize = batchSize == null ? 4 : batchSize;
        evalFraction = evalFraction == null ? 0.05 : evalFraction;
        maxPairs = maxPairs == null ? 0 : maxPairs;
        evalSamples = evalSamples == null ? 0 : evalSamples;
        maxNewTokens = maxNewTokens == null ? 48 : maxNewTokens;
        perplexityTokens = perplexityTokens == null ? 4096 : perplexityTokens;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        new DpoLoss.Settings(DpoLoss.Settings.variant(loss), beta, labelSmoothing, rpoAlpha);   // validates them
        if (!reference.equals("precomputed") && !reference.equals("on_the_fly"))
            throw new IllegalArgumentException("'reference' must be precomputed or on_the_fly, not '" + reference + "'");
        if (frozenBf16 && !reference.equals("on_the_fly"))
            throw new IllegalArgumentException("'frozen_bf16' needs 'reference: on_the_fly' (a precomputed reference keeps no model in memory)");
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
        if (!(evalFraction >= 0 && evalFraction < 1)) throw new IllegalArgumentException("'eval_fraction' must be in [0, 1)");
        if (maxPairs < 0 || evalSamples < 0) throw new IllegalArgumentException("'max_pairs' and 'eval_samples' must be >= 0");
        if (maxNewTokens < 1) throw new IllegalArgumentException("'max_new_tokens' must be at least 1");
        if (perplexityTokens < 2) throw new IllegalArgumentException("'perplexity_tokens' must be at least 2");
    }

    public boolean usesData() { return AiFeedbackConfig.usesData(pairs); }

    public boolean usesAiFeedback() { return AiFeedbackConfig.usesAiFeedback(pairs); }

    public DpoLoss.Settings settings() {
        return new DpoLoss.Settings(DpoLoss.Settings.variant(loss), beta, labelSmoothing, rpoAlpha);
    }
}
