package llmforge.tokenizer;

/**
 * Cuts UTF-8 text into the pieces that BPE encodes independently (no token ever crosses a piece boundary).
 * Works on bytes so that any byte string, valid UTF-8 or not, is covered: the pieces tile the range exactly.
 */
public sealed interface PreTokenizer permits Gpt2PreTokenizer, RegexPreTokenizer {
    void split(byte[] text, int start, int end, PieceSink sink);

    /** The GPT-2 split (a hand-written equal of its regex) or the LLaMA-3 / Qwen one. */
    static PreTokenizer named(String name) {
        return switch (name) {
            case "gpt2" -> Gpt2PreTokenizer.INSTANCE;
            case "llama3" -> new RegexPreTokenizer(RegexPreTokenizer.LLAMA3_PATTERN);
            default -> throw new llmforge.io.UserException("unknown pre-tokenizer regex '" + name
                    + "': expected gpt2 or llama3");
        };
    }
}
