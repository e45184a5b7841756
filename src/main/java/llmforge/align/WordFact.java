package llmforge.align;

import java.util.List;

/** One WordNet sense as stored in {@code data/demo/wordnet-facts.jsonl.gz}. pos: n, v, a (adjective), r (adverb). */
public record WordFact(String lemma, String pos, String gloss, List<String> synonyms, List<String> antonyms,
                       List<String> hypernyms, List<String> examples) {
    public WordFact {
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        antonyms = antonyms == null ? List.of() : List.copyOf(antonyms);
        hypernyms = hypernyms == null ? List.of() : List.copyOf(hypernyms);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** The gloss's first clause without parenthetical remarks: short enough for a small model to learn to say. */
    public String shortGloss() {
        String g = gloss.split(";")[0].replaceAll("\\([^)]*\\)", " ").replaceAll("\\s+", " ").strip();
        return g.isEmpty() ? gloss.strip() : g;
    }
}
