package llmforge.data;

import llmforge.cli.UserException;

/** Chooses the encoder the pack step uses: the byte-level one unless a trained tokenizer is configured. */
final class TokenEncoders {
    private TokenEncoders() {}

    static TokenEncoder forConfig(String tokenizerPath) {
        if (tokenizerPath == null) return new ByteEncoder();
        // The BPE tokenizer (llmforge.tokenizer) plugs in here once it is part of the build.
        throw new UserException("tokenizer: '" + tokenizerPath + "' cannot be loaded by this build yet; "
                + "remove the 'tokenizer' key to pack with the byte-level encoder");
    }

    static String describe(String tokenizerPath) { return tokenizerPath == null ? "bytes" : tokenizerPath; }
}
