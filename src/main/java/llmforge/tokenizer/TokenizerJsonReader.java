package llmforge.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a HuggingFace tokenizer.json: byte-level BPE (ByteLevel or Split+ByteLevel pre-tokenizer, merges in
 * either the {@code ["a","b"]} or the older {@code "a b"} form) and WordPiece (BertNormalizer, BertPreTokenizer).
 * A missing or ill-typed key is reported by its path and what was expected; a feature llmforge does not
 * implement is refused by name rather than silently giving other ids.
 */
public final class TokenizerJsonReader {
    private final String source;

    private TokenizerJsonReader(String source) { this.source = source; }

    public static Tokenizer read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserException(file + ": cannot read as JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return new TokenizerJsonReader(file.toString()).parse(root);
    }

    public static Tokenizer parse(String json, String sourceName) {
        try {
            return new TokenizerJsonReader(sourceName).parse(new ObjectMapper().readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserException(sourceName + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Tokenizer parse(JsonNode root) {
        if (root == null || !root.isObject()) throw bad("(root)", "a JSON object");
        JsonNode model = need(root, "model", "model");
        String type = text(model, "type", "model.type");
        List<SpecialToken> added = addedTokens(root);
        return switch (type) {
            case "BPE" -> bpe(root, model, added);
            case "WordPiece" -> wordPiece(root, model);
            default -> throw new UserException(source + ": model.type '" + type + "' is not supported: expected BPE or WordPiece");
        };
    }

    private List<SpecialToken> addedTokens(JsonNode root) {
        List<SpecialToken> out = new ArrayList<>();
        JsonNode list = root.get("added_tokens");
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) throw bad("added_tokens", "an array of {id, content, ...}");
        for (int i = 0; i < list.size(); i++) {
            String at = "added_tokens[" + i + "]";
            JsonNode a = list.get(i);
            out.add(new SpecialToken(text(a, "content", at + ".content"), integer(a, "id", at + ".id")));
        }
        return out;
    }

    private ByteLevelBpeTokenizer bpe(JsonNode root, JsonNode model, List<SpecialToken> added) {
        JsonNode norm = root.get("normalizer");
        if (norm != null && !norm.isNull()) unsupported("normalizer", "null for byte-level BPE");
        for (String k : new String[] {"dropout", "continuing_subword_prefix", "end_of_word_suffix"}) {
            JsonNode v = model.get(k);
            if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) unsupported("model." + k, "null");
        }
        if (model.path("byte_fallback").asBoolean(false)) unsupported("model.byte_fallback", "false");
        JsonNode vocabNode = need(model, "vocab", "model.vocab");
        if (!vocabNode.isObject()) throw bad("model.vocab", "an object mapping each token to its id");
        int maxId = -1;
        for (SpecialToken s : added) maxId = Math.max(maxId, s.id());
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                throw bad("model.vocab[\"" + e.getKey() + "\"]", "a non-negative integer id");
            }
            maxId = Math.max(maxId, e.getValue().asInt());
        }
        byte[][] tokens = new byte[maxId + 1][];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt();
            if (tokens[id] != null) throw bad("model.vocab[\"" + e.getKey() + "\"]", "an id no other token has (" + id + ")");
            tokens[id] = ByteLevelAlphabet.decode(e.getKey());
        }
        for (SpecialToken s : added) tokens[s.id()] = s.content().getBytes(StandardCharsets.UTF_8);
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ids.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode mergesNode = need(model, "merges", "model.merges");
        if (!mergesNode.isArray()) throw bad("model.merges", "an array of [\"left\", \"right\"] pairs or \"left right\" strings");
        List<int[]> merges = new ArrayList<>(mergesNode.size());
        for (int i = 0; i < mergesNode.size(); i++) {
            JsonNode m = mergesNode.get(i);
            String at = "model.merges[" + i + "]";
            String l, r;
            if (m.isTextual()) {
                String[] parts = m.asText().split(" ", -1);
                if (parts.length != 2) throw bad(at, "a string of two tokens separated by one space, got '" + m.asText() + "'");
                l = parts[0];
                r = parts[1];
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                l = m.get(0).asText();
                r = m.get(1).asText();
            } else {
                throw bad(at, "a pair [\"left\", \"right\"] or a string \"left right\"");
            }
            Integer li = ids.get(l), ri = ids.get(r);
            if (li == null || ri == null) throw bad(at, "tokens that are in model.vocab ('" + (li == null ? l : r) + "' is not)");
            merges.add(new int[] {li, ri});
        }
        PreTokenizerSpec pre = preTokenizer(root.get("pre_tokenizer"));
        try {
            BpeModel bpe = new BpeModel(tokens, merges, model.path("ignore_merges").asBoolean(false));
            return new ByteLevelBpeTokenizer(bpe, pre.split(), pre.addPrefixSpace(), added);
        } catch (IllegalArgumentException e) {
            throw new UserException(source + ": model: " + e.getMessage());
        }
    }

    private record PreTokenizerSpec(PreTokenizer split, boolean addPrefixSpace) {}

    private PreTokenizerSpec preTokenizer(JsonNode pre) {
        if (pre == null || pre.isNull()) throw bad("pre_tokenizer", "ByteLevel, or a Sequence of Split and ByteLevel");
        String type = text(pre, "type", "pre_tokenizer.type");
        if (type.equals("ByteLevel")) {
            if (!pre.path("use_regex").asBoolean(true)) unsupported("pre_tokenizer.use_regex", "true when ByteLevel stands alone");
            return new PreTokenizerSpec(Gpt2PreTokenizer.INSTANCE, pre.path("add_prefix_space").asBoolean(false));
        }
        if (!type.equals("Sequence")) unsupported("pre_tokenizer.type", "ByteLevel or Sequence");
        JsonNode list = need(pre, "pretokenizers", "pre_tokenizer.pretokenizers");
        if (!list.isArray() || list.size() != 2) throw bad("pre_tokenizer.pretokenizers", "two entries: Split, then ByteLevel");
        JsonNode split = list.get(0), byteLevel = list.get(1);
        if (!text(split, "type", "pre_tokenizer.pretokenizers[0].type").equals("Split")) {
            unsupported("pre_tokenizer.pretokenizers[0].type", "Split");
        }
        if (!text(byteLevel, "type", "pre_tokenizer.pretokenizers[1].type").equals("ByteLevel")) {
            unsupported("pre_tokenizer.pretokenizers[1].type", "ByteLevel");
        }
        if (byteLevel.path("use_regex").asBoolean(true)) unsupported("pre_tokenizer.pretokenizers[1].use_regex", "false after a Split");
        if (!"Isolated".equals(split.path("behavior").asText())) unsupported("pre_tokenizer.pretokenizers[0].behavior", "Isolated");
        if (split.path("invert").asBoolean(false)) unsupported("pre_tokenizer.pretokenizers[0].invert", "false");
        JsonNode pattern = need(split, "pattern", "pre_tokenizer.pretokenizers[0].pattern");
        String regex;
        if (pattern.has("Regex")) regex = text(pattern, "Regex", "pre_tokenizer.pretokenizers[0].pattern.Regex");
        else if (pattern.has("String")) regex = java.util.regex.Pattern.quote(text(pattern, "String", "pre_tokenizer.pretokenizers[0].pattern.String"));
        else throw bad("pre_tokenizer.pretokenizers[0].pattern", "{\"Regex\": ...} or {\"String\": ...}");
        PreTokenizer p;
        try {
            p = regex.equals(Gpt2PreTokenizer.PATTERN) ? Gpt2PreTokenizer.INSTANCE : new RegexPreTokenizer(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw bad("pre_tokenizer.pretokenizers[0].pattern.Regex", "a regex Java can compile: " + e.getDescription());
        }
        return new PreTokenizerSpec(p, byteLevel.path("add_prefix_space").asBoolean(false));
    }

    private WordPieceTokenizer wordPiece(JsonNode root, JsonNode model) {
        JsonNode norm = root.get("normalizer");
        boolean lowercase = false;
        if (norm != null && !norm.isNull()) {
            if (!text(norm, "type", "normalizer.type").equals("BertNormalizer")) unsupported("normalizer.type", "BertNormalizer");
            lowercase = norm.path("lowercase").asBoolean(true);
            JsonNode strip = norm.get("strip_accents");
            if (strip != null && !strip.isNull() && strip.asBoolean() != lowercase) {
                unsupported("normalizer.strip_accents", "null (accents stripped exactly when lower-casing)");
            }
        }
        JsonNode pre = root.get("pre_tokenizer");
        if (pre != null && !pre.isNull() && !text(pre, "type", "pre_tokenizer.type").equals("BertPreTokenizer")) {
            unsupported("pre_tokenizer.type", "BertPreTokenizer");
        }
        if (!WordPieceTokenizer.PREFIX.equals(model.path("continuing_subword_prefix").asText(WordPieceTokenizer.PREFIX))) {
            unsupported("model.continuing_subword_prefix", "\"##\"");
        }
        if (!WordPieceTokenizer.UNK.equals(model.path("unk_token").asText(WordPieceTokenizer.UNK))) unsupported("model.unk_token", "\"[UNK]\"");
        JsonNode vocabNode = need(model, "vocab", "model.vocab");
        if (!vocabNode.isObject()) throw bad("model.vocab", "an object mapping each token to its id");
        String[] byId = new String[vocabNode.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= byId.length || byId[v.asInt()] != null) {
                throw bad("model.vocab[\"" + e.getKey() + "\"]", "a distinct id in 0.." + (byId.length - 1));
            }
            byId[v.asInt()] = e.getKey();
        }
        try {
            return new WordPieceTokenizer(List.of(byId), lowercase);
        } catch (IllegalArgumentException e) {
            throw new UserException(source + ": model.vocab: " + e.getMessage());
        }
    }

    private JsonNode need(JsonNode parent, String key, String path) {
        JsonNode v = parent == null ? null : parent.get(key);
        if (v == null || v.isNull()) throw new UserException(source + ": missing key '" + path + "'");
        return v;
    }

    private String text(JsonNode parent, String key, String path) {
        JsonNode v = need(parent, key, path);
        if (!v.isTextual()) throw bad(path, "a string");
        return v.asText();
    }

    private int integer(JsonNode parent, String key, String path) {
        JsonNode v = need(parent, key, path);
        if (!v.canConvertToInt() || v.asInt() < 0) throw bad(path, "a non-negative integer");
        return v.asInt();
    }

    private UserException bad(String path, String expected) {
        return new UserException(source + ": key '" + path + "': expected " + expected);
    }

    private void unsupported(String path, String supported) {
        throw new UserException(source + ": key '" + path + "' has a value llmforge does not support: expected " + supported);
    }
}
