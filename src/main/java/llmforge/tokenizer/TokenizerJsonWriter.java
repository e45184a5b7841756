package llmforge.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes tokenizer.json in the HuggingFace {@code tokenizers} format, field for field as that library writes
 * GPT-2's (byte-level BPE) and BERT's (WordPiece) files, so that it loads there and gives the same ids.
 */
public final class TokenizerJsonWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJsonWriter() {}

    public static void write(Tokenizer t, Path file) throws IOException {
        String text = toJson(t);
        AtomicFiles.writeString(file, text + "\n");
    }

    public static String toJson(Tokenizer t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (SpecialToken s : t.specialTokens()) {
            ObjectNode a = added.addObject();
            a.put("id", s.id());
            a.put("content", s.content());
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
        }
        switch (t) {
            case ByteLevelBpeTokenizer b -> writeBpe(b, root);
            case WordPieceTokenizer w -> writeWordPiece(w, root);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeBpe(ByteLevelBpeTokenizer t, ObjectNode root) {
        root.putNull("normalizer");
        ObjectNode byteLevel = byteLevel(JSON.createObjectNode(), t.addPrefixSpace(), true, true);
        if (t.preTokenizer() instanceof RegexPreTokenizer r && !r.pattern().equals(Gpt2PreTokenizer.PATTERN)) {
            ObjectNode seq = root.putObject("pre_tokenizer");
            seq.put("type", "Sequence");
            ArrayNode list = seq.putArray("pretokenizers");
            ObjectNode split = list.addObject();
            split.put("type", "Split");
            split.putObject("pattern").put("Regex", r.pattern());
            split.put("behavior", "Isolated");
            split.put("invert", false);
            list.add(byteLevel(JSON.createObjectNode(), t.addPrefixSpace(), true, false));
        } else {
            root.set("pre_tokenizer", byteLevel);
        }
        root.set("post_processor", byteLevel(JSON.createObjectNode(), true, false, true));
        root.set("decoder", byteLevel(JSON.createObjectNode(), true, true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", t.model().ignoreMerges());
        ObjectNode vocab = model.putObject("vocab");
        BpeModel m = t.model();
        for (int id = 0; id < m.size(); id++) {
            byte[] b = m.bytes(id);
            if (b != null) vocab.put(t.token(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (int[] pair : m.merges()) {
            merges.addArray().add(ByteLevelAlphabet.encode(m.bytes(pair[0]))).add(ByteLevelAlphabet.encode(m.bytes(pair[1])));
        }
    }

    private static ObjectNode byteLevel(ObjectNode n, boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", addPrefixSpace);
        n.put("trim_offsets", trimOffsets);
        n.put("use_regex", useRegex);
        return n;
    }

    private static void writeWordPiece(WordPieceTokenizer t, ObjectNode root) {
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.putNull("strip_accents");
        norm.put("lowercase", t.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, WordPieceTokenizer.CLS, 0);
        sequence(single, "A", 0);
        special(single, WordPieceTokenizer.SEP, 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, WordPieceTokenizer.CLS, 0);
        sequence(pair, "A", 0);
        special(pair, WordPieceTokenizer.SEP, 0);
        sequence(pair, "B", 1);
        special(pair, WordPieceTokenizer.SEP, 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : new String[] {WordPieceTokenizer.CLS, WordPieceTokenizer.SEP}) {
            ObjectNode e = specials.putObject(s);
            e.put("id", s);
            e.putArray("ids").add(t.tokenId(s));
            e.putArray("tokens").add(s);
        }
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "WordPiece");
        dec.put("prefix", WordPieceTokenizer.PREFIX);
        dec.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", WordPieceTokenizer.UNK);
        model.put("continuing_subword_prefix", WordPieceTokenizer.PREFIX);
        model.put("max_input_chars_per_word", WordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < t.vocabSize(); id++) vocab.put(t.token(id), id);
    }

    private static void special(ArrayNode list, String id, int typeId) {
        ObjectNode s = list.addObject().putObject("SpecialToken");
        s.put("id", id);
        s.put("type_id", typeId);
    }

    private static void sequence(ArrayNode list, String id, int typeId) {
        ObjectNode s = list.addObject().putObject("Sequence");
        s.put("id", id);
        s.put("type_id", typeId);
    }
}
