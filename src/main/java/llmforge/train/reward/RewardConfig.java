package llmforge.train.reward;

import llmforge.train.AiFeedbackConfig;
import llmforge.train.LoraSpec;
import llmforge.train.TrainerConfig;

/**
 * {@code llmforge reward train --config FILE}.
 *
 * @param model        decoder checkpoint directory the reward model starts from (pretrained or SFT)
 * @param tokenizer    tokenizer.json (default: the one in {@code model})
 * @param data         rankings JSONL ({@code llmforge data synth}'s rankings_rm.jsonl); its held-out prompts are always
 *                     the evaluation, and with AI feedback its training prompts are the ones sampled for
 * @param rankings     what the model trains on: data (the file's rankings), ai_feedback (the starting model's own
 *                     answers to the same prompts, ranked by the constitution) or both
 * @param output       run folder: checkpoints/, metrics.jsonl, report.html, reward_eval.json, model/ (the final model)
 * @param evalFraction share of prompts held out (whole prompts: no held-out prompt is ever trained on)
 * @param batchSize    prompts per micro-batch (each with all its K answers)
 * @param margin       required reward gap per pair (0: plain Bradley–Terry)
 * @param centring     coefficient of the (r_chosen + r_rejected)² term that keeps rewards zero-mean
 * @param maxTrain     use at most this many training prompts (0: all)
 * @param lora         train LoRA adapters (plus the new score head) on the frozen decoder (absent: every weight)
 * @param aiFeedback   how the on-policy rankings are made (its {@code prompts} is not used: the data's are)
 */
public record RewardConfig(String model, String tokenizer, String data, String rankings, String output, Double evalFraction,
                           Integer batchSize, Double margin, Double centring, Integer maxTrain, Boolean resume,
                           TrainerConfig train, LoraSpec lora, AiFeedbackConfig aiFeedback) {
    public RewardConfig {
        if (model == null) throw new IllegalArgumentException("'model' must name the checkpoint directory to start from");
        if (data == null) throw new IllegalArgumentException("'data' must name the rankings JSONL file");
        rankings = AiFeedbackConfig.source("rankings", rankings);
        if (AiFeedbackConfig.usesAiFeedback(rankings) && aiFeedback == null) aiFeedback = new AiFeedbackConfig(null, null, null, null, null, null);
        output = output == null ? "runs/reward" : output;
        evalFraction = evalFraction == null ? 0.1 : evalFraction;
        batchSize = batchSize == null ? 4 : batchSize;
        margin = margin == null ? 0.0 : margin;
        centring = centring == null ? 0.01 : centring;
        maxTrain = maxTrain == null ? 0 : maxTrain;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (!(evalFraction > 0 && evalFraction < 1)) throw new IllegalArgumentException("'eval_fraction' must be in (0, 1)");
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
        if (margin < 0) throw new IllegalArgumentException("'margin' must be >= 0");
        if (centring < 0) throw new IllegalArgumentException("'centring' must be >= 0");
        if (maxTrain < 0) throw new IllegalArgumentException("'max_train' must be >= 0");
    }

    public boolean usesData() { return AiFeedbackConfig.usesData(rankings); }

    public boolean usesAiFeedback() { return AiFeedbackConfig.usesAiFeedback(rankings); }
}
