package llmforge.align;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Tasks about a WordNet word: define it, give a synonym, an antonym, what kind of thing it is, use it in a sentence.
 * Answers are phrased as the reference corpus states the facts ("The opposite of glad is sad."), so the knowledge
 * comes from pretraining and SFT only teaches the question-answer format.
 */
final class WordTasks {
    static final List<String> FAMILIES = List.of("define", "synonym", "antonym", "hypernym", "example");

    private final Map<String, List<WordFact>> byLemma = new LinkedHashMap<>();
    private final List<WordFact> all;

    WordTasks(List<WordFact> facts) {
        this.all = List.copyOf(facts);
        for (WordFact f : facts) byLemma.computeIfAbsent(f.lemma(), k -> new ArrayList<>()).add(f);
    }

    List<String> lemmas() { return List.copyOf(byLemma.keySet()); }

    boolean eligible(String family, String lemma) { return !senses(family, lemma).isEmpty(); }

    /** The senses of a lemma that can pose this family's question. */
    private List<WordFact> senses(String family, String lemma) {
        List<WordFact> out = new ArrayList<>();
        for (WordFact f : byLemma.getOrDefault(lemma, List.of())) {
            boolean ok = switch (family) {
                case "define" -> informative(f);
                case "synonym" -> !f.synonyms().isEmpty();
                case "antonym" -> !f.antonyms().isEmpty();
                case "hypernym" -> !f.hypernyms().isEmpty() && (f.pos().equals("n") || f.pos().equals("v"));
                case "example" -> !usableExamples(f).isEmpty();
                default -> throw new IllegalArgumentException(family);
            };
            if (ok) out.add(f);
        }
        return out;
    }

    /** A gloss that says more than the word itself ("deliver (a speech)" shortens to just "deliver"). */
    private static boolean informative(WordFact f) {
        return TextMatch.length(f.shortGloss()) >= 2 && !TextMatch.containsPhrase(f.shortGloss(), f.lemma());
    }

    private static List<String> usableExamples(WordFact f) {
        List<String> out = new ArrayList<>();
        for (String e : f.examples()) if (Verifier.usesWord(e, f.lemma()) && TextMatch.length(e) >= 3) out.add(e);
        return out;
    }

    private Set<String> all(String lemma, java.util.function.Function<WordFact, List<String>> field) {
        Set<String> s = new LinkedHashSet<>();
        for (WordFact f : byLemma.get(lemma)) s.addAll(field.apply(f));
        return s;
    }

    /** A word of another lemma for the wrong answer, chosen so it is not itself an accepted answer. */
    private String otherWord(Random rng, Set<String> avoid, String lemma) {
        while (true) {
            String w = all.get(rng.nextInt(all.size())).lemma();
            if (!w.equals(lemma) && !avoid.contains(w)) return w;
        }
    }

    Draft draft(String family, String lemma, String lang, Random rng) {
        List<WordFact> senses = senses(family, lemma);
        if (senses.isEmpty()) return null;
        WordFact f = senses.get(rng.nextInt(senses.size()));
        boolean zh = lang.equals("zh");
        String item = "word:" + lemma;
        return switch (family) {
            case "define" -> {
                List<String> expected = new ArrayList<>(new LinkedHashSet<>(byLemma.get(lemma).stream()
                        .filter(WordTasks::informative).map(WordFact::shortGloss).toList()));
                String gloss = f.shortGloss();
                WordFact other;
                do other = all.get(rng.nextInt(all.size())); while (other.lemma().equals(lemma) || expected.contains(other.shortGloss()));
                String q = zh ? pick(rng, "“%s”是什么意思？", "请解释单词“%s”的意思。", "%s 是什么意思？")
                        : pick(rng, "What does \"%s\" mean?", "Define the word \"%s\".", "What is the meaning of %s?");
                yield draft(q.formatted(lemma), meta(family, lang, item, expected, List.of()),
                        defineAnswer(f, gloss, zh), gloss, defineAnswer(f, other.shortGloss(), zh), other.shortGloss());
            }
            case "synonym", "antonym" -> {
                boolean syn = family.equals("synonym");
                Set<String> expected = all(lemma, syn ? WordFact::synonyms : WordFact::antonyms);
                Set<String> wrong = all(lemma, syn ? WordFact::antonyms : WordFact::synonyms);
                List<String> own = syn ? f.synonyms() : f.antonyms();
                String answer = own.get(rng.nextInt(own.size()));
                Set<String> avoid = new LinkedHashSet<>(expected);
                avoid.addAll(wrong);
                String bad = wrong.isEmpty() ? otherWord(rng, avoid, lemma) : wrong.iterator().next();
                String q = syn ? (zh ? pick(rng, "请给出“%s”的同义词。", "“%s”的同义词是什么？")
                                : pick(rng, "Give a synonym of \"%s\".", "What is another word for %s?", "What is a synonym of %s?"))
                        : (zh ? pick(rng, "“%s”的反义词是什么？", "请给出“%s”的反义词。")
                                : pick(rng, "What is the opposite of %s?", "Give an antonym of \"%s\".", "What is the opposite of the word \"%s\"?"));
                String style = syn ? (zh ? "“%s”的同义词是 %s。" : "Another word for %s is %s.")
                        : (zh ? "“%s”的反义词是 %s。" : "The opposite of %s is %s.");
                yield draft(q.formatted(lemma), meta(family, lang, item, List.copyOf(expected), List.copyOf(wrong)),
                        style.formatted(lemma, answer), answer, style.formatted(lemma, bad), bad);
            }
            case "hypernym" -> {
                Set<String> expected = all(lemma, WordFact::hypernyms);
                String answer = f.hypernyms().get(rng.nextInt(f.hypernyms().size()));
                String bad = otherWord(rng, expected, lemma);
                boolean verb = f.pos().equals("v");
                String q, style;
                if (zh) {
                    q = pick(rng, "“%s”属于哪一类？", "“%s”是哪一类事物？");
                    style = "“%s”属于 %s。";
                } else if (verb) {
                    q = pick(rng, "To %s is a way to do what?", "What kind of action is to %s?");
                    style = "To %s is a way to %s.";
                } else {
                    q = pick(rng, "What kind of thing is %s?", "%s is a kind of what?");
                    style = article(lemma) + " %s is a kind of %s.";
                }
                yield draft(capitalize(q.formatted(lemma)), meta(family, lang, item, List.copyOf(expected), List.of()),
                        capitalize(style.formatted(lemma, answer)), answer, capitalize(style.formatted(lemma, bad)), bad);
            }
            case "example" -> {
                List<String> examples = usableExamples(f);
                String sentence = examples.get(rng.nextInt(examples.size()));
                String bad;
                do {
                    WordFact o = all.get(rng.nextInt(all.size()));
                    bad = o.examples().isEmpty() ? null : o.examples().getFirst();
                } while (bad == null || Verifier.usesWord(bad, lemma) || TextMatch.length(bad) < 3);
                String q = zh ? pick(rng, "请用“%s”造一个句子。", "用 %s 造句。")
                        : pick(rng, "Use the word \"%s\" in a sentence.", "Give an example sentence with %s.");
                String style = zh ? "例句：\"%s\"。" : "You can say: \"%s\".";
                yield draft(q.formatted(lemma), meta(family, lang, item, List.of(lemma), List.of()),
                        style.formatted(sentence), sentence, style.formatted(bad), bad);
            }
            default -> throw new IllegalArgumentException(family);
        };
    }

    private static Draft draft(String q, TaskMeta m, String answer, String bare, String wrong, String wrongBare) {
        int budget = ArithmeticTasks.budget(answer);
        return new Draft(q, m.withFormat(m.format(), budget), answer, bare, wrong, wrongBare, null);
    }

    private static TaskMeta meta(String family, String lang, String item, List<String> expected, List<String> wrong) {
        return new TaskMeta(family, lang, item, expected, wrong, FormatSpec.FREE, null);
    }

    /** "Ability means ...", "To abandon means ..." — the corpus's sentence for a definition. */
    private static String defineAnswer(WordFact f, String gloss, boolean zh) {
        if (zh) return "“" + f.lemma() + "”的意思是：" + gloss + "。";
        String subject = f.pos().equals("v") ? "To " + f.lemma() : capitalize(f.lemma());
        return subject + " means " + gloss + ".";
    }

    static String article(String word) { return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "An" : "A"; }

    static String capitalize(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    static String pick(Random rng, String... options) { return options[rng.nextInt(options.length)]; }
}
