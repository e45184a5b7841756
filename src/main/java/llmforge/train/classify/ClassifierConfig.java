package llmforge.train.classify;

import llmforge.train.TrainerConfig;

import java.util.List;

/**
 * {@code llmforge classifier train --config FILE}: fine-tune an MLM-pretrained encoder with a sequence-classification
 * head to tell harmful requests from benign ones (the alignment data's {@code harmful} and {@code benign} families).
 *
 * @param model      an encoder checkpoint (MLM pretraining's HF BERT directory with its WordPiece tokenizer.json)
 * @param data       training prompts: alignment JSONL with {@code meta} ({@code sft_train.jsonl}, {@code prompts_rl.jsonl})
 * @param evalData   held-out prompts in the same form ({@code prompts_eval.jsonl}, {@code sft_eval.jsonl})
 * @param families   the families used; {@code harmful} is label 1, every other listed family label 0
 * @param maxLength  tokens per prompt, [CLS] and [SEP] included (longer prompts are cut)
 * @param batchSize  prompts per micro-batch
 * @param output     run folder: checkpoints/ (BertForSequenceClassification directories), classifier_eval.json, report.html
 */
public record ClassifierConfig(String model, String data, String evalData, List<String> families, Integer maxLength,
                               Integer batchSize, String output, Boolean resume, TrainerConfig train) {
    public ClassifierConfig {
        if (model == null) throw new IllegalArgumentException("'model' must name the encoder checkpoint to start from");
        if (data == null) throw new IllegalArgumentException("'data' must name the training prompts (alignment JSONL with meta)");
        families = families == null ? List.of("harmful", "benign") : List.copyOf(families);
        maxLength = maxLength == null ? 64 : maxLength;
        batchSize = batchSize == null ? 16 : batchSize;
        output = output == null ? "runs/classifier" : output;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (!families.contains("harmful") || families.size() < 2)
            throw new IllegalArgumentException("'families' must list harmful and at least one other family, got " + families);
        if (maxLength < 3) throw new IllegalArgumentException("'max_length' must be at least 3");
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
    }
}
