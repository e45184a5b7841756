package llmforge.train;

/**
 * {@code llmforge sft --config FILE}: the starting model, the conversations, the batch layout, the evaluation and
 * the loop settings.
 *
 * @param model             checkpoint directory to start from (ours, or an HF GPT-2 / LLaMA-family one) with its tokenizer.json
 * @param data              training conversations, JSONL {@code {"messages": [...]}} ({@code data synth}'s sft_train.jsonl)
 * @param evalData          held-out conversations for the validation loss (sft_eval.jsonl); absent: none
 * @param evalPrompts       held-out prompts with meta for the alignment evaluation (prompts_eval.jsonl); absent: none
 * @param pretrainData      packed pretraining shards: text mixed into training and held-out text for the perplexity
 * @param pretrainMix       share of the counted tokens that is pretraining text (0: none)
 * @param output            run folder: checkpoints/, metrics.jsonl, alignment.json, eval_answers.jsonl, report.html
 * @param batchSize         conversations per micro-batch
 * @param seqLen            tokens per packed row, and the longest conversation kept (default: the model's max_seq_len)
 * @param packing           several conversations per row (document masks, positions restarting) instead of one per row
 * @param evalPromptLimit   evaluate on the first N prompts only (absent: all)
 * @param evalMaxNewTokens  answer length limit at evaluation (greedy)
 * @param evalBatchSize     prompts generated together
 * @param evalTextTokens    pretraining validation tokens measured for the perplexity
 * @param lora              train LoRA adapters on the frozen model instead of every weight (absent: full fine-tuning)
 */
public record SftConfig(String model, String data, String evalData, String evalPrompts, String pretrainData, Double pretrainMix,
                        String output, Integer batchSize, Integer seqLen, Boolean packing, Integer evalPromptLimit,
                        Integer evalMaxNewTokens, Integer evalBatchSize, Long evalTextTokens, Boolean resume, TrainerConfig train,
                        LoraSpec lora) {
    public SftConfig {
        if (model == null) throw new IllegalArgumentException("'model' must name the checkpoint directory to start from");
        if (data == null) throw new IllegalArgumentException("'data' must name the training conversations (JSONL)");
        pretrainMix = pretrainMix == null ? 0.0 : pretrainMix;
        output = output == null ? "runs/sft" : output;
        batchSize = batchSize == null ? 16 : batchSize;
        packing = packing == null || packing;
        evalMaxNewTokens = evalMaxNewTokens == null ? 48 : evalMaxNewTokens;
        evalBatchSize = evalBatchSize == null ? 16 : evalBatchSize;
        evalTextTokens = evalTextTokens == null ? 8192L : evalTextTokens;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (!(pretrainMix >= 0 && pretrainMix < 1)) throw new IllegalArgumentException("'pretrain_mix' must be in [0, 1)");
        if (pretrainMix > 0 && pretrainData == null) throw new IllegalArgumentException("'pretrain_mix' needs 'pretrain_data' (the shards folder)");
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
        if (seqLen != null && seqLen < 2) throw new IllegalArgumentException("'seq_len' must be at least 2");
        if (evalPromptLimit != null && evalPromptLimit < 1) throw new IllegalArgumentException("'eval_prompt_limit' must be at least 1");
        if (evalMaxNewTokens < 1 || evalBatchSize < 1) throw new IllegalArgumentException("'eval_max_new_tokens' and 'eval_batch_size' must be at least 1");
        if (evalTextTokens < 1) throw new IllegalArgumentException("'eval_text_tokens' must be at least 1");
    }

    /** A full fine-tuning run (no LoRA). */
    public SftConfig(String model, String data, String evalData, String evalPrompts, String pretrainData, Double pretrainMix,
                     String output, Integer batchSize, Integer seqLen, Boolean packing, Integer evalPromptLimit,
                     Integer evalMaxNewTokens, Integer evalBatchSize, Long evalTextTokens, Boolean resume, TrainerConfig train) {
        this(model, data, evalData, evalPrompts, pretrainData, pretrainMix, output, batchSize, seqLen, packing, evalPromptLimit,
                evalMaxNewTokens, evalBatchSize, evalTextTokens, resume, train, null);
    }
}
