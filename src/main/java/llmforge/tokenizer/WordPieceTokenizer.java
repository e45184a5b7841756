package llmforge.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT-style WordPiece: normalize, split into words, then cut each word greedily into the longest vocabulary
 * entries, pieces after the first written with the {@code ##} prefix; a word that cannot be cut is {@code [UNK]}.
 */
public final class WordPieceTokenizer implements Tokenizer {
    public static final String PAD = "[PAD]", UNK = "[UNK]", CLS = "[CLS]", SEP = "[SEP]", MASK = "[MASK]";
    /** The special tokens a trained vocabulary reserves up front, in id order. */
    public static final List<String> DEFAULT_SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK);
    public static final String PREFIX = "##";
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private final List<String> vocab;
    private final Map<String, Integer> ids = new HashMap<>();
    private final BertNormalizer normalizer;
    private final List<SpecialToken> specials = new ArrayList<>();
    private final SpecialTokenSplitter splitter;
    private final int unkId;

    /** @param vocab tokens by id; special tokens are the entries named in {@link #DEFAULT_SPECIALS} */
    public WordPieceTokenizer(List<String> vocab, boolean lowercase) {
        this.vocab = List.copyOf(vocab);
        for (int i = 0; i < vocab.size(); i++) {
            if (ids.putIfAbsent(vocab.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + vocab.get(i) + "' appears twice in the vocabulary");
            }
        }
        for (String s : DEFAULT_SPECIALS) {
            Integer id = ids.get(s);
            if (id == null) throw new IllegalArgumentException("the WordPiece vocabulary lacks " + s);
            specials.add(new SpecialToken(s, id));
        }
        this.unkId = ids.get(UNK);
        this.normalizer = new BertNormalizer(lowercase);
        this.splitter = new SpecialTokenSplitter(specials);
    }

    public List<String> vocab() { return vocab; }

    public boolean lowercase() { return normalizer.lowercase(); }

    @Override public int[] encode(String text, boolean recognizeSpecialTokens) {
        IntList out = new IntList(text.length() / 4 + 4);
        if (!recognizeSpecialTokens) {
            encodeText(text, out);
            return out.toArray();
        }
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        splitter.split(b, new SpecialTokenSplitter.Sink() {
            @Override public void text(int start, int end) {
                encodeText(new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8), out);
            }

            @Override public void special(int id) { out.add(id); }
        });
        return out.toArray();
    }

    /** {@code [CLS] text [SEP]}, as the HuggingFace library's {@code encode(text)} gives with this tokenizer.json. */
    public int[] encodeForModel(String text) {
        int[] body = encode(text, true);
        int[] r = new int[body.length + 2];
        r[0] = ids.get(CLS);
        System.arraycopy(body, 0, r, 1, body.length);
        r[r.length - 1] = ids.get(SEP);
        return r;
    }

    private void encodeText(String text, IntList out) {
        BertPreTokenizer.split(normalizer.normalize(text), word -> encodeWord(word, out));
    }

    private void encodeWord(String word, IntList out) {
        if (word.codePointCount(0, word.length()) > MAX_INPUT_CHARS_PER_WORD) { out.add(unkId); return; }
        IntList pieces = new IntList(4);
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (end > start) {
                String sub = word.substring(start, end);
                found = ids.get(start > 0 ? PREFIX + sub : sub);
                if (found != null) break;
                end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 >= start ? end - 2 : end - 1;
            }
            if (found == null) { out.add(unkId); return; }
            pieces.add(found);
            start = end;
        }
        for (int i = 0; i < pieces.size(); i++) out.add(pieces.get(i));
    }

    /** Tokens joined by spaces, {@code ##} pieces glued on, special tokens kept, punctuation spacing tidied. */
    @Override public String decode(int[] idSeq) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idSeq.length; i++) {
            String t = token(idSeq[i]);
            if (t.startsWith(PREFIX)) sb.append(t, PREFIX.length(), t.length());
            else {
                if (i > 0) sb.append(' ');
                sb.append(t);
            }
        }
        return cleanup(sb.toString());
    }

    /** The WordPiece decoder's {@code cleanup}: no space before punctuation and English contractions. */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override public int vocabSize() { return vocab.size(); }

    @Override public int tokenId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override public String token(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (size " + vocab.size() + ")");
        }
        return vocab.get(id);
    }

    @Override public List<SpecialToken> specialTokens() { return specials; }
}
