package llmforge.train.mlm;

import llmforge.data.SourceConfig;
import llmforge.train.TrainerConfig;

import java.util.List;

/**
 * {@code llmforge pretrain --config FILE} with {@code objective: mlm}: masked-language-model pretraining of a BERT-style
 * encoder on text documents.
 *
 * @param objective       mlm (the decoder's next-token pretraining is {@code objective: clm}, the default)
 * @param sources         text, JSONL or folders, as in {@code data prepare} ({@code path}, {@code format}, {@code split} ...)
 * @param tokenizer       a WordPiece tokenizer.json ({@code llmforge tokenizer train --type wordpiece})
 * @param output          run folder: checkpoints/ (HF BERT directories with the tokenizer), metrics.jsonl, report.html
 * @param seqLen          tokens per row including [CLS] and [SEP] (default 128, at most the model's max positions)
 * @param batchSize       rows per micro-batch
 * @param maskProb        share of tokens chosen for prediction (15 %: 80 % become [MASK], 10 % a random token, 10 % stay)
 * @param wholeWord       choose whole words (a piece with its ## continuations) instead of single pieces
 * @param valFraction     share of documents held out for validation
 * @param evalSequences   validation rows measured at each evaluation (their masks are fixed)
 * @param maxDocuments    read at most this many documents (0: all)
 * @param sampleTexts     texts with [MASK] filled in at each evaluation for the report
 */
public record MlmConfig(String objective, List<SourceConfig> sources, String tokenizer, String output, EncoderSpec model,
                        Integer seqLen, Integer batchSize, Double maskProb, Boolean wholeWord, Double valFraction,
                        Integer evalSequences, Integer maxDocuments, List<String> sampleTexts, Boolean resume, TrainerConfig train) {
    public MlmConfig {
        if (!"mlm".equals(objective)) throw new IllegalArgumentException("'objective' must be mlm here, not '" + objective + "'");
        if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("'sources' must list the text to pretrain on");
        if (tokenizer == null) throw new IllegalArgumentException("'tokenizer' must name a WordPiece tokenizer.json");
        output = output == null ? "runs/pretrain-mlm" : output;
        model = model == null ? new EncoderSpec(null, null, null, null, null, null, null, null) : model;
        seqLen = seqLen == null ? 128 : seqLen;
        batchSize = batchSize == null ? 16 : batchSize;
        maskProb = maskProb == null ? 0.15 : maskProb;
        wholeWord = wholeWord != null && wholeWord;
        valFraction = valFraction == null ? 0.02 : valFraction;
        evalSequences = evalSequences == null ? 256 : evalSequences;
        maxDocuments = maxDocuments == null ? 0 : maxDocuments;
        sampleTexts = sampleTexts == null ? List.of() : List.copyOf(sampleTexts);
        resume = resume != null && resume;
        train = train == null ? TrainerConfig.defaults() : train;
        if (seqLen < 3) throw new IllegalArgumentException("'seq_len' must be at least 3 ([CLS], a token, [SEP])");
        if (batchSize < 1) throw new IllegalArgumentException("'batch_size' must be at least 1");
        if (!(maskProb > 0 && maskProb < 1)) throw new IllegalArgumentException("'mask_prob' must be in (0, 1)");
        if (!(valFraction > 0 && valFraction < 1)) throw new IllegalArgumentException("'val_fraction' must be in (0, 1)");
        if (evalSequences < 1) throw new IllegalArgumentException("'eval_sequences' must be at least 1");
        if (maxDocuments < 0) throw new IllegalArgumentException("'max_documents' must be >= 0");
        for (String t : sampleTexts) {
            if (!t.contains("[MASK]")) throw new IllegalArgumentException("sample text '" + t + "' has no [MASK]");
        }
    }
}
