package llmforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The committed demo corpus: the reference text states every structured WordNet fact that later stages quiz on. */
class DemoCorpusTest {
    static List<JsonNode> read(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of("data/demo", file))), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(DocumentFiles.JSON.readTree(line));
        }
        return out;
    }

    @Test void referenceSentencesStateTheFacts() throws IOException {
        List<JsonNode> facts = read("wordnet-facts.jsonl.gz"), docs = read("reference/wordnet.jsonl.gz");
        assertEquals(facts.size(), docs.size());
        assertTrue(facts.size() > 3000, "a few thousand words: " + facts.size());
        int antonyms = 0;
        for (int i = 0; i < facts.size(); i++) {
            JsonNode f = facts.get(i);
            String text = docs.get(i).get("text").asText(), lemma = f.get("lemma").asText();
            assertEquals(lemma, docs.get(i).get("lemma").asText());
            assertTrue(text.contains(f.get("gloss").asText()), text);
            for (JsonNode a : f.get("antonyms")) { assertTrue(text.contains("The opposite of " + lemma + " is ") && text.contains(a.asText()), text); antonyms++; }
            if (f.get("hypernyms").size() > 0) assertTrue(text.contains(f.get("hypernyms").get(0).asText()), text);
            for (JsonNode s : f.get("synonyms")) assertTrue(text.contains(s.asText()), text);
        }
        assertTrue(antonyms > 800, "antonym facts: " + antonyms);
        JsonNode glad = facts.stream().filter(f -> f.get("lemma").asText().equals("glad")).findFirst().orElseThrow();
        assertEquals("sad", glad.get("antonyms").get(0).asText());
    }

    @Test void everyDomainAndKindOfDirtIsThere() throws IOException {
        assertTrue(read("tech/jargon.jsonl.gz").size() > 1500);
        assertTrue(read("chinese/poems.jsonl.gz").stream().allMatch(p -> Script.detect(p.get("text").asText()) == Script.CJK));
        List<String> kinds = read("dirty/noise.jsonl.gz").stream().map(d -> d.get("kind").asText()).distinct().toList();
        assertTrue(kinds.containsAll(List.of("ad", "boilerplate", "lorem", "mojibake", "pii", "exact-duplicate", "near-duplicate")), kinds.toString());
    }
}
