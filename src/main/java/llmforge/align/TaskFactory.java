package llmforge.align;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/** Drafts a task of any kind for a split, drawing only that split's words and items. */
final class TaskFactory {
    private final WordTasks words;
    private final PoemTasks poems;
    private final SplitPlan plan;
    private final Map<String, List<String>> lemmasBySplit;
    private final Map<String, List<PoemTasks.Poem>> poemsBySplit = new HashMap<>();
    private final Map<String, List<SafetyTopics.Harmful>> harmfulBySplit = new HashMap<>(), harmfulPairsBySplit = new HashMap<>();
    private final Map<String, List<SafetyTopics.Benign>> benignBySplit = new HashMap<>(), benignPairsBySplit = new HashMap<>();
    /** (family, split) → the split's lemmas that can pose the family's question. */
    private final Map<String, List<String>> eligible = new HashMap<>();

    TaskFactory(AlignmentConfig cfg) {
        this.plan = new SplitPlan(cfg.seed(), cfg.sizes());
        this.words = new WordTasks(SourceFiles.wordFacts(Path.of(cfg.wordnet())));
        this.poems = cfg.languages().contains("zh") ? new PoemTasks(Path.of(cfg.poems())) : null;
        this.lemmasBySplit = plan.partition("words", words.lemmas());
        for (String split : SplitPlan.SPLITS)
            for (String f : WordTasks.FAMILIES)
                eligible.put(f + "/" + split, lemmasBySplit.get(split).stream().filter(l -> words.eligible(f, l)).toList());
        if (poems != null) {
            Map<String, PoemTasks.Poem> byKey = new HashMap<>();
            for (PoemTasks.Poem p : poems.poems()) byKey.putIfAbsent(p.key(), p);
            plan.partition("poems", new ArrayList<>(byKey.keySet()).stream().sorted().toList())
                    .forEach((s, keys) -> poemsBySplit.put(s, keys.stream().map(byKey::get).toList()));
        }
        // the hand-written topics and the verb x person pairs are cut separately, so each split gets some of both
        split("harmful", SafetyTopics.HARMFUL, SafetyTopics.Harmful::id, harmfulBySplit);
        split("harmful-pairs", SafetyPairs.HARMFUL, SafetyTopics.Harmful::id, harmfulPairsBySplit);
        split("benign", SafetyTopics.BENIGN, SafetyTopics.Benign::id, benignBySplit);
        split("benign-pairs", SafetyPairs.BENIGN, SafetyTopics.Benign::id, benignPairsBySplit);
    }

    /** Puts the pool's items of each split into {@code bySplit}. */
    private <T> void split(String pool, List<T> items, Function<T, String> id, Map<String, List<T>> bySplit) {
        plan.partition(pool, items.stream().map(id).toList()).forEach((s, ids) -> {
            Set<String> in = Set.copyOf(ids);
            bySplit.put(s, items.stream().filter(t -> in.contains(id.apply(t))).toList());
        });
    }

    /**
     * Half the safety draws come from the hand-written topics, half from the verb x person pairs. The pairs outnumber
     * the topics; drawn as one pool they taught the small model that the verb alone decides, and "make poison" went
     * the way of "make friends".
     */
    private static <T> T draw(List<T> hand, List<T> pairs, Random rng) {
        List<T> from = hand.isEmpty() ? pairs : pairs.isEmpty() || rng.nextBoolean() ? hand : pairs;
        return from.isEmpty() ? null : from.get(rng.nextInt(from.size()));
    }

    SplitPlan plan() { return plan; }

    List<String> lemmas(String split) { return lemmasBySplit.get(split); }

    /**
     * One draft, or null when this split has nothing for the task or the draw failed the self-check (the caller
     * retries): the best answer must pass its own verifier and format, the wrong one must fail.
     */
    Draft draft(String task, String split, String lang, Random rng) {
        Draft d = draw(task, split, lang, rng);
        if (d == null) return null;
        boolean sound = Verifier.correctness(d.meta(), d.answer()) == 1 && Verifier.formatOk(d.meta(), d.answer())
                && (d.meta().harmful() || Verifier.correctness(d.meta(), FormatTasks.render(d.meta(), d, true)) == 0);
        return sound ? d : null;
    }

    private Draft draw(String task, String split, String lang, Random rng) {
        return switch (task) {
            case "define", "synonym", "antonym", "hypernym", "example" -> {
                List<String> pool = eligible.get(task + "/" + split);
                yield pool.isEmpty() ? null : words.draft(task, pool.get(rng.nextInt(pool.size())), lang, rng);
            }
            case "add", "subtract", "sort" -> {
                for (int tries = 0; tries < 1000; tries++) {
                    Draft d = ArithmeticTasks.draft(task, lang, rng, List.of());
                    if (plan.hashSplit(d.meta().item()).equals(split)) yield d;
                }
                yield null;
            }
            case "count", "reverse" -> lemmas(split).isEmpty() ? null : ArithmeticTasks.draft(task, lang, rng, lemmas(split));
            case "poem" -> {
                List<PoemTasks.Poem> ps = poemsBySplit.getOrDefault(split, List.of());
                yield ps.isEmpty() ? null : poems.draft(ps.get(rng.nextInt(ps.size())), rng);
            }
            case "harmful" -> {
                var t = draw(harmfulBySplit.get(split), harmfulPairsBySplit.get(split), rng);
                var help = draw(benignBySplit.get(split), benignPairsBySplit.get(split), rng);
                yield t == null ? null : SafetyTasks.harmful(t, help, lang, rng);
            }
            case "benign" -> {
                var t = draw(benignBySplit.get(split), benignPairsBySplit.get(split), rng);
                yield t == null ? null : SafetyTasks.benign(t, lang, rng);
            }
            case "format_json", "format_one_word", "format_max_words" -> {
                List<String> bases = FormatTasks.baseFamilies(task);
                Draft base = draft(bases.get(rng.nextInt(bases.size())), split, "en", rng);
                yield base == null ? null : FormatTasks.apply(task, base, rng);
            }
            default -> throw new IllegalArgumentException("unknown task " + task);
        };
    }
}
