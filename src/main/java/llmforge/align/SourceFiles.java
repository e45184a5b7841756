package llmforge.align;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import llmforge.io.UserException;

/** Reads the knowledge sources (WordNet facts, poems): JSONL, gzipped or not, with line-numbered errors. */
final class SourceFiles {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private SourceFiles() {}

    static BufferedReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new UserException(file + ": no such file");
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static List<JsonNode> readJsonl(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = open(file)) {
            String line;
            for (int n = 1; (line = r.readLine()) != null; n++) {
                if (line.isBlank()) continue;
                try {
                    out.add(JSON.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UserException(file + ":" + n + ": not a JSON object: " + e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    static List<WordFact> wordFacts(Path file) {
        List<WordFact> out = new ArrayList<>();
        int n = 0;
        for (JsonNode o : readJsonl(file)) {
            n++;
            WordFact f;
            try {
                f = JSON.treeToValue(o, WordFact.class);
            } catch (IOException e) {
                throw new UserException(file + ": record " + n + ": expected lemma, pos, gloss, synonyms, antonyms, hypernyms, examples");
            }
            if (f.lemma() == null || f.gloss() == null || f.pos() == null)
                throw new UserException(file + ": record " + n + ": 'lemma', 'pos' and 'gloss' are required");
            out.add(f);
        }
        return out;
    }
}
