package llmforge.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GPT-2-style tokenizer: special tokens cut out first (when asked), the rest split by the pre-tokenizer and each
 * piece encoded by byte-level BPE. Decoding concatenates token bytes, so any byte string round-trips exactly.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
    private final BpeModel model;
    private final PreTokenizer preTokenizer;
    private final boolean addPrefixSpace;
    private final List<SpecialToken> specials;
    private final SpecialTokenSplitter splitter;
    private final int vocabSize;

    /**
     * @param addPrefixSpace tokenizer.json's ByteLevel {@code add_prefix_space}: a segment not starting with a
     *                       space gets one, so that a first word encodes like any later one
     */
    public ByteLevelBpeTokenizer(BpeModel model, PreTokenizer preTokenizer, boolean addPrefixSpace,
                                 List<SpecialToken> specials) {
        this.model = model;
        this.preTokenizer = preTokenizer;
        this.addPrefixSpace = addPrefixSpace;
        this.specials = List.copyOf(specials);
        this.splitter = new SpecialTokenSplitter(this.specials);
        int max = model.size() - 1;
        for (SpecialToken s : this.specials) {
            byte[] b = s.id() < model.size() ? model.bytes(s.id()) : null;
            if (b != null && !java.util.Arrays.equals(b, s.content().getBytes(StandardCharsets.UTF_8))) {
                throw new IllegalArgumentException("special token " + s.content() + " has id " + s.id()
                        + ", which the vocabulary gives to '" + ByteLevelAlphabet.encode(b) + "'");
            }
            max = Math.max(max, s.id());
        }
        this.vocabSize = max + 1;
    }

    public BpeModel model() { return model; }

    public PreTokenizer preTokenizer() { return preTokenizer; }

    public boolean addPrefixSpace() { return addPrefixSpace; }

    @Override public int[] encode(String text, boolean recognizeSpecialTokens) {
        return encodeBytes(text.getBytes(StandardCharsets.UTF_8), recognizeSpecialTokens);
    }

    /** The ids of any byte string, valid UTF-8 or not. */
    public int[] encodeBytes(byte[] text, boolean recognizeSpecialTokens) {
        IntList out = new IntList(text.length / 3 + 4);
        if (!recognizeSpecialTokens || specials.isEmpty()) {
            encodeSegment(text, 0, text.length, out);
        } else {
            splitter.split(text, new SpecialTokenSplitter.Sink() {
                @Override public void text(int start, int end) { encodeSegment(text, start, end, out); }

                @Override public void special(int id) { out.add(id); }
            });
        }
        return out.toArray();
    }

    private void encodeSegment(byte[] text, int start, int end, IntList out) {
        if (addPrefixSpace && start < end && text[start] != ' ') {
            byte[] spaced = new byte[end - start + 1];
            spaced[0] = ' ';
            System.arraycopy(text, start, spaced, 1, end - start);
            text = spaced;
            start = 0;
            end = spaced.length;
        }
        byte[] t = text;
        preTokenizer.split(t, start, end, (s, e) -> model.encodePiece(t, s, e, out));
    }

    @Override public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** The exact bytes of a sequence of ids (special tokens as their text). */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) out.writeBytes(bytesOf(id));
        return out.toByteArray();
    }

    private byte[] bytesOf(int id) {
        byte[] b = id >= 0 && id < model.size() ? model.bytes(id) : null;
        if (b != null) return b;
        for (SpecialToken s : specials) if (s.id() == id) return s.content().getBytes(StandardCharsets.UTF_8);
        throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (size " + vocabSize + ")");
    }

    @Override public int vocabSize() { return vocabSize; }

    @Override public int tokenId(String token) {
        for (SpecialToken s : specials) if (s.content().equals(token)) return s.id();
        return model.idOf(ByteLevelAlphabet.decode(token));
    }

    @Override public String token(int id) {
        for (SpecialToken s : specials) if (s.id() == id) return s.content();
        return ByteLevelAlphabet.encode(bytesOf(id));
    }

    @Override public List<SpecialToken> specialTokens() { return specials; }
}
