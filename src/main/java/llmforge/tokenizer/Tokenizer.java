package llmforge.tokenizer;

import java.util.List;

/** Text to token ids and back: byte-level BPE for decoders, WordPiece for BERT-style encoders. */
public sealed interface Tokenizer permits ByteLevelBpeTokenizer, WordPieceTokenizer {
    /**
     * The ids of {@code text}. With {@code recognizeSpecialTokens}, the literal text of a special token (such as
     * {@code <|im_end|>}) becomes its id, as the HuggingFace library does; without, it is encoded as plain text,
     * which is what training data wants.
     */
    int[] encode(String text, boolean recognizeSpecialTokens);

    default int[] encode(String text) { return encode(text, false); }

    /** Encodes many texts on all cores; the result is in input order. */
    default List<int[]> encodeBatch(List<String> texts, boolean recognizeSpecialTokens) {
        return texts.parallelStream().map(t -> encode(t, recognizeSpecialTokens)).toList();
    }

    String decode(int[] ids);

    /** One more than the largest id. */
    int vocabSize();

    /** The id of a token written as in tokenizer.json (byte-level form for BPE), or -1. */
    int tokenId(String token);

    /** Token {@code id} as written in tokenizer.json. */
    String token(int id);

    List<SpecialToken> specialTokens();

    /** The id of a special token, or a clear error when this vocabulary has none of that name. */
    default int specialId(String content) {
        for (SpecialToken t : specialTokens()) if (t.content().equals(content)) return t.id();
        throw new IllegalArgumentException("the tokenizer has no special token " + content);
    }
}
