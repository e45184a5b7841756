package llmforge.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes tokenizer_config.json beside tokenizer.json, as the HuggingFace {@code transformers} library reads it:
 * the special-token roles and, for byte-level BPE, the ChatML {@code chat_template}.
 */
public final class TokenizerConfig {
    private TokenizerConfig() {}

    public static void write(Tokenizer t, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(t) + "\n");
    }

    public static String toJson(Tokenizer t) {
        ObjectNode c = TokenizerJsonWriter.JSON.createObjectNode();
        switch (t) {
            case ByteLevelBpeTokenizer b -> {
                c.put("tokenizer_class", "PreTrainedTokenizerFast");
                c.put("bos_token", SpecialToken.END_OF_TEXT);
                c.put("eos_token", SpecialToken.END_OF_TEXT);
                c.put("pad_token", SpecialToken.PAD);
                c.putNull("unk_token");
                c.put("add_bos_token", false);
                c.put("add_eos_token", false);
                c.put("clean_up_tokenization_spaces", false);
                if (b.tokenId(SpecialToken.IM_START) >= 0 && b.tokenId(SpecialToken.IM_END) >= 0) {
                    c.put("chat_template", ChatTemplate.JINJA);
                }
            }
            case WordPieceTokenizer w -> {
                c.put("tokenizer_class", "BertTokenizerFast");
                c.put("do_lower_case", w.lowercase());
                c.put("cls_token", WordPieceTokenizer.CLS);
                c.put("sep_token", WordPieceTokenizer.SEP);
                c.put("mask_token", WordPieceTokenizer.MASK);
                c.put("pad_token", WordPieceTokenizer.PAD);
                c.put("unk_token", WordPieceTokenizer.UNK);
            }
        }
        try {
            return TokenizerJsonWriter.JSON.writeValueAsString(c);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
