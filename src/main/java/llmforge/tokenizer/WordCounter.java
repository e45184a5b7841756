package llmforge.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Counts pre-tokenized pieces ("words") of documents on all cores: documents are taken in batches, each core
 * counts a share of the batch into its own map, and the maps are summed. Special-token text is cut out first so
 * that no learned token ever spells a special token.
 */
final class WordCounter {
    private static final long BATCH_CHARS = 16L << 20;

    /** Cuts one text into words, calling the sink with each word's key. */
    interface Splitter {
        void words(String text, java.util.function.Consumer<String> sink);
    }

    private final Splitter splitter;
    private final Map<String, long[]> counts = new HashMap<>();
    private final List<String> batch = new ArrayList<>();
    private long batchChars;

    WordCounter(Splitter splitter) { this.splitter = splitter; }

    /** Splits by a byte-level pre-tokenizer; a word's key is its bytes as a latin-1 string. */
    static WordCounter byteLevel(PreTokenizer pre, List<SpecialToken> specials) {
        SpecialTokenSplitter cut = new SpecialTokenSplitter(specials);
        return new WordCounter((text, sink) -> {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            cut.split(b, new SpecialTokenSplitter.Sink() {
                @Override public void text(int start, int end) {
                    pre.split(b, start, end, (s, e) -> sink.accept(BpeModel.key(b, s, e - s)));
                }

                @Override public void special(int id) {}
            });
        });
    }

    void add(String document) {
        batch.add(document);
        batchChars += document.length();
        if (batchChars >= BATCH_CHARS) flush();
    }

    /** All words with their counts. */
    Map<String, long[]> counts() {
        flush();
        return counts;
    }

    private void flush() {
        if (batch.isEmpty()) return;
        int parts = Math.max(1, Math.min(batch.size(), Runtime.getRuntime().availableProcessors()));
        List<Map<String, long[]>> partial = IntStream.range(0, parts).parallel().mapToObj(p -> {
            Map<String, long[]> local = new HashMap<>();
            for (int i = p; i < batch.size(); i += parts) {
                splitter.words(batch.get(i), w -> local.computeIfAbsent(w, k -> new long[1])[0]++);
            }
            return local;
        }).toList();
        for (Map<String, long[]> m : partial) {
            m.forEach((w, c) -> {
                long[] cur = counts.putIfAbsent(w, c);
                if (cur != null) cur[0] += c[0];
            });
        }
        batch.clear();
        batchChars = 0;
    }
}
