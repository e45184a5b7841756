package llmforge.tokenizer;

/** A control token such as {@code <|endoftext|>} or {@code [CLS]}: its literal text and its id. */
public record SpecialToken(String content, int id) {
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String PAD = "<|pad|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    /** The special tokens a byte-level BPE vocabulary reserves up front, in id order. */
    public static final java.util.List<String> BPE_DEFAULTS = java.util.List.of(END_OF_TEXT, PAD, IM_START, IM_END);
}
