package llmforge.train.mlm;

import llmforge.data.BadInput;
import llmforge.data.Document;
import llmforge.data.DocumentReader;
import llmforge.data.SourceConfig;
import llmforge.io.ProgressBar;
import llmforge.tokenizer.WordPieceTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Text documents cut into encoder rows: each document's WordPiece tokens, consecutive documents separated by [SEP],
 * packed into rows of [CLS] + up to seqLen − 2 tokens + [SEP] (full rows, as RoBERTa's pretraining packs them).
 * A document is held out for validation when a hash of its text falls under the fraction, so the split does not
 * depend on file order.
 */
public record MlmCorpus(List<int[]> train, List<int[]> val, long documents, long trainTokens, long valTokens) {
    public static MlmCorpus read(List<SourceConfig> sources, WordPieceTokenizer tok, int seqLen, double valFraction, int maxDocuments) {
        int cls = tok.tokenId(WordPieceTokenizer.CLS), sep = tok.tokenId(WordPieceTokenizer.SEP);
        Packer train = new Packer(seqLen, cls, sep), val = new Packer(seqLen, cls, sep);
        long docs = 0;
        int files = DocumentReader.files(sources).size();
        try (DocumentReader reader = new DocumentReader(sources, new BadInput(BadInput.Policy.FAIL));
             ProgressBar bar = new ProgressBar("read corpus", files, "files")) {
            for (Document d; (maxDocuments == 0 || docs < maxDocuments) && (d = reader.next()) != null; ) {
                int[] ids = tok.encode(d.text(), false);
                if (ids.length == 0) continue;
                (heldOut(d.text(), valFraction) ? val : train).add(ids);
                docs++;
                bar.update(reader.filesRead());
            }
        }
        return new MlmCorpus(train.finish(), val.finish(), docs, train.tokens, val.tokens);
    }

    static boolean heldOut(String text, double fraction) {
        long z = text.hashCode() * 0x9E3779B97F4A7C15L + text.length();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;   // SplitMix64 finaliser
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }

    /** Fills rows of [CLS] body [SEP] from a stream of documents. */
    static final class Packer {
        private final int body, cls, sep;
        private final int[] buffer;
        private int used;
        private long tokens;
        private final List<int[]> rows = new ArrayList<>();

        Packer(int seqLen, int cls, int sep) {
            this.body = seqLen - 2;
            this.cls = cls;
            this.sep = sep;
            this.buffer = new int[body];
        }

        void add(int[] doc) {
            // documents sharing a row are separated by [SEP]; a row never starts with one
            if (used > 0) {
                if (used + 1 >= body) flush();
                else buffer[used++] = sep;
            }
            for (int id : doc) {
                buffer[used++] = id;
                tokens++;
                if (used == body) flush();
            }
        }

        private void flush() {
            if (used == 0) return;
            int[] row = new int[used + 2];
            row[0] = cls;
            System.arraycopy(buffer, 0, row, 1, used);
            row[used + 1] = sep;
            rows.add(row);
            used = 0;
        }

        List<int[]> finish() {
            flush();
            return rows;
        }
    }
}
