package llmforge.align;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Drafts a task of any kind for a split, drawing only that split's words and items. */
final class TaskFactory {
    private final WordTasks words;
    private final PoemTasks poems;
    private final SplitPlan plan;
    private final Map<String, List<String>> lemmasBySplit;
    private final Map<String, List<PoemTasks.Poem>> poemsBySplit = new HashMap<>();
    private final Map<String, List<SafetyTopics.Harmful>> harmfulBySplit = new HashMap<>();
    private final Map<String, List<SafetyTopics.Benign>> benignBySplit = new HashMap<>();
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
        plan.partition("harmful", SafetyTopics.HARMFUL.stream().map(SafetyTopics.Harmful::id).toList())
                .forEach((s, ids) -> harmfulBySplit.put(s, SafetyTopics.HARMFUL.stream().filter(t -> ids.contains(t.id())).toList()));
        plan.partition("benign", SafetyTopics.BENIGN.stream().map(SafetyTopics.Benign::id).toList())
                .forEach((s, ids) -> benignBySplit.put(s, SafetyTopics.BENIGN.stream().filter(t -> ids.contains(t.id())).toList()));
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
                var ts = harmfulBySplit.get(split);
                yield ts.isEmpty() ? null : SafetyTasks.harmful(ts.get(rng.nextInt(ts.size())), lang, rng);
            }
            case "benign" -> {
                var ts = benignBySplit.get(split);
                yield ts.isEmpty() ? null : SafetyTasks.benign(ts.get(rng.nextInt(ts.size())), lang, rng);
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
