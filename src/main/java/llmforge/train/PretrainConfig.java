package llmforge.train;

import java.util.List;

/**
 * {@code llmforge pretrain --config FILE}: where the data is, the model, the batch layout and the loop settings.
 *
 * @param data              folder of packed shards ({@code llmforge data prepare} output, the {@code shards} folder)
 * @param tokenizer         tokenizer.json to copy into checkpoints and to sample with; absent: the one in the shards' manifest
 * @param output            run folder: checkpoints/, metrics.jsonl, report.html
 * @param init              a model directory to continue training (e.g. at a longer {@code seq_len} after
 *                          {@code extend-context}); its config is the model's, so {@code model} must be absent
 * @param model             a new model (preset and overrides; default: the small preset)
 * @param batchSize         rows per micro-batch
 * @param seqLen            tokens per row (default: the model's max_seq_len)
 * @param documentMasks     keep attention inside each packed document and restart positions per document
 * @param evalTokens        validation tokens measured at each evaluation (consecutive windows of the val split)
 * @param samplePrompts     prompts continued at each evaluation for the report
 * @param resume            continue from the latest checkpoint in {@code output}
 */
public record PretrainConfig(String data, String tokenizer, String output, String init, ModelSpec model, Integer batchSize,
                             Integer seqLen, Boolean documentMasks, Long evalTokens, List<String> samplePrompts,
                             Integer sampleTokens, Double sampleTemperature, Boolean resume, TrainerConfig train) {
    /** A new model's run (the constructor from before {@code init} existed). */
    public PretrainConfig(String data, String tokenizer, String output, ModelSpec model, Integer batchSize, Integer seqLen,
                          Boolean documentMasks, Long evalTokens, List<String> samplePrompts, Integer sampleTokens,
                          Double sampleTemperature, Boolean resume, TrainerConfig train) {
        this(data, tokenizer, output, null, model, batchSize, seqLen, documentMasks, evalTokens, samplePrompts, sampleTokens,
                sampleTemperature, resume, train);
    }

    public PretrainConfig {
        if (data == null) throw new IllegalArgumentException("'data' must name the folder of packed shards");
        output = output == null ? "runs/pretrain" : output;
        if (init != null && model != null) {
            throw new IllegalArgumentException("give 'init' (a model directory to continue from) or 'model' (a new model), not both");
        }
        if (init == null && model == null) model = new ModelSpec(null, null, null, null, null, null, null, null, null, null);
        batchSize = batchSize == null ? 8 : batchSize;
        documentMasks = documentMasks == null || documentMasks;
        evalTokens = evalTokens == null ? 32768L : evalTokens;
        samplePrompts = samplePrompts == null ? List.of() : List.copyOf(samplePrompts);
        sampleTokens = sampleTokens == null ? 48 : sampleTokens;
        sampleTemperature = sampleTemperature == null ? 0.8 : sampleTemperature;
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
        if (seqLen != null && seqLen < 1) throw new IllegalArgumentException("'seq_len' must be at least 1");
        if (evalTokens < 1) throw new IllegalArgumentException("'eval_tokens' must be at least 1");
        if (sampleTokens < 0) throw new IllegalArgumentException("'sample_tokens' must be >= 0");
    }
}
