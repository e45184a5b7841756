package llmforge.data;

import llmforge.io.UserException;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;

import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the encoder the pack step uses: a trained tokenizer.json when configured, else UTF-8 bytes. */
final class TokenEncoders {
    static final String END_OF_TEXT = "<|endoftext|>";

    private TokenEncoders() {}

    static TokenEncoder forConfig(String tokenizerPath) {
        if (tokenizerPath == null) return new ByteEncoder();
        Path p = Path.of(tokenizerPath);
        if (!Files.isRegularFile(p)) throw new UserException("tokenizer: '" + tokenizerPath + "' does not exist");
        Tokenizer t = TokenizerJsonReader.read(p);
        int eot = t.tokenId(END_OF_TEXT);
        if (eot < 0) throw new UserException("tokenizer: '" + tokenizerPath + "' has no " + END_OF_TEXT + " token to separate documents");
        return new TokenEncoder() {
            // documents are plain text: special-token spellings inside them stay text
            @Override public int[] encode(String text) { return t.encode(text, false); }
            @Override public int eotId() { return eot; }
            @Override public int vocabSize() { return t.vocabSize(); }
        };
    }

    static String describe(String tokenizerPath) { return tokenizerPath == null ? "bytes" : tokenizerPath; }
}
