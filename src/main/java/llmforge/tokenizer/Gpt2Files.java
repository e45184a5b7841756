package llmforge.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads GPT-2's original release files, {@code encoder.json} (token to id) and {@code vocab.bpe} (one merge
 * "a b" per line after a version line), either possibly gzipped: the tokenizer OpenAI published before
 * tokenizer.json existed. {@code <|endoftext|>} is its one special token.
 */
public final class Gpt2Files {
    private Gpt2Files() {}

    public static ByteLevelBpeTokenizer load(Path encoderJson, Path vocabBpe) {
        JsonNode vocab;
        try {
            vocab = new ObjectMapper().readTree(read(encoderJson));
        } catch (IOException e) {
            throw new UserException(encoderJson + ": cannot read as JSON: " + e.getMessage());
        }
        if (vocab == null || !vocab.isObject()) throw new UserException(encoderJson + ": expected an object of token to id");
        Map<String, Integer> ids = new HashMap<>();
        int max = -1;
        for (var it = vocab.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToInt()) throw new UserException(encoderJson + ": token '" + e.getKey() + "': expected an integer id");
            ids.put(e.getKey(), e.getValue().asInt());
            max = Math.max(max, e.getValue().asInt());
        }
        byte[][] tokens = new byte[max + 1][];
        ids.forEach((tok, id) -> tokens[id] = ByteLevelAlphabet.decode(tok));
        List<int[]> merges = new ArrayList<>();
        String[] lines = read(vocabBpe).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] p = line.split(" ", -1);
            Integer l = p.length == 2 ? ids.get(p[0]) : null, r = p.length == 2 ? ids.get(p[1]) : null;
            if (l == null || r == null) throw new UserException(vocabBpe + ":" + (i + 1) + ": expected two tokens of encoder.json separated by a space");
            merges.add(new int[] {l, r});
        }
        List<SpecialToken> specials = new ArrayList<>();
        Integer eot = ids.get(SpecialToken.END_OF_TEXT);
        if (eot != null) specials.add(new SpecialToken(SpecialToken.END_OF_TEXT, eot));
        try {
            return new ByteLevelBpeTokenizer(new BpeModel(tokens, merges, false), Gpt2PreTokenizer.INSTANCE, false, specials);
        } catch (IllegalArgumentException e) {
            throw new UserException(encoderJson + " + " + vocabBpe + ": " + e.getMessage());
        }
    }

    private static String read(Path p) {
        try (InputStream raw = Files.newInputStream(p);
             InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
