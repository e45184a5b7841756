package llmforge.align;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.tokenizer.ChatMessage;

/**
 * {@code llmforge data synth}: generates every split and writes sft_train.jsonl, sft_eval.jsonl, rankings_rm.jsonl,
 * pairs_dpo.jsonl, prompts_rl.jsonl, prompts_eval.jsonl, summary.json and report.html. Deterministic for a seed:
 * every split and task draws from its own seeded random stream.
 */
public final class AlignmentSynth {
    static final List<String> EN_SYSTEM = List.of("You are a concise assistant.", "You are a helpful assistant.",
            "You are a friendly assistant that gives short answers.");
    static final List<String> ZH_SYSTEM = List.of("你是一个专业的程序员助手。", "你是一个乐于助人的助手。", "你是一个简洁的助手。");

    /** A finished example and the draft it came from (for its graded candidates). */
    record Generated(TaskExample example, Draft draft) {}

    private final AlignmentConfig cfg;
    private final TaskFactory factory;
    private final ConstitutionalJudge judge;

    public AlignmentSynth(AlignmentConfig cfg) {
        this.cfg = cfg;
        this.factory = new TaskFactory(cfg);
        this.judge = new ConstitutionalJudge(Constitution.load(Path.of(cfg.constitution())));
    }

    public ConstitutionalJudge judge() { return judge; }

    /** The examples of one split, in a seeded shuffled order. */
    List<Generated> split(String split) {
        int size = cfg.sizes().getOrDefault(split, 0);
        double weights = 0;
        for (String t : AlignmentConfig.TASKS) if (!cfg.languagesOf(t).isEmpty()) weights += cfg.tasks().getOrDefault(t, 0.0);
        List<Generated> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String task : AlignmentConfig.TASKS) {
            List<String> langs = cfg.languagesOf(task);
            double w = cfg.tasks().getOrDefault(task, 0.0);
            if (langs.isEmpty() || w == 0) continue;
            Random rng = new Random(cfg.seed() * 31 + SplitPlan.fnv(split + "/" + task));
            long n = Math.round(size * w / weights);
            for (long i = 0; i < n; i++) {
                Draft d = null;
                // held-out splits get distinct questions; SFT may repeat one in another phrasing or format
                for (int tries = 0; tries < 50 && d == null; tries++) {
                    Draft c = factory.draft(task, split, langs.get(rng.nextInt(langs.size())), rng);
                    if (c != null && (split.equals("sft") || seen.add(c.question()) || tries == 49)) d = c;
                }
                if (d != null) out.add(new Generated(dress(d, out, rng), d));
            }
        }
        Collections.shuffle(out, new Random(cfg.seed() ^ SplitPlan.fnv(split)));
        return out;
    }

    /** Adds a role / system message and, sometimes, an earlier question and answer of the same language and split. */
    private TaskExample dress(Draft d, List<Generated> earlier, Random rng) {
        List<ChatMessage> prompt = new ArrayList<>();
        boolean zh = d.meta().lang().equals("zh");
        if (rng.nextDouble() < cfg.systemPromptRate()) {
            List<String> sys = zh ? ZH_SYSTEM : EN_SYSTEM;
            prompt.add(new ChatMessage("system", sys.get(rng.nextInt(sys.size()))));
        }
        if (rng.nextDouble() < cfg.multiTurnRate() && !earlier.isEmpty()) {
            TaskExample prev = earlier.get(rng.nextInt(earlier.size())).example();
            if (prev.meta().lang().equals(d.meta().lang()) && !prev.meta().harmful()) {
                prompt.add(prev.prompt().getLast());
                prompt.add(new ChatMessage("assistant", prev.answer()));
            }
        }
        prompt.add(new ChatMessage("user", d.question()));
        return new TaskExample(prompt, d.answer(), d.meta());
    }

    /** The K = 4 candidates in a seeded random order, ranked by the constitution judge. */
    record RankedPrompt(TaskExample example, List<String> responses, Ranking ranking, boolean agreesWithGrades) {}

    RankedPrompt rank(Generated g, Random rng) {
        List<String> graded = Candidates.graded(g.example(), g.draft(), rng);
        List<Integer> perm = new ArrayList<>(List.of(0, 1, 2, 3));
        Collections.shuffle(perm, rng);
        List<String> shown = perm.stream().map(graded::get).toList();
        Ranking r = judge.rank(g.example().prompt(), shown, g.example().meta());
        List<Integer> gradesInJudgeOrder = r.order().stream().map(perm::get).toList();
        return new RankedPrompt(g.example(), shown, r, gradesInJudgeOrder.equals(List.of(0, 1, 2, 3)));
    }

    /** Generates and writes everything under {@code out}; returns the summary also written to summary.json. */
    public ObjectNode run(Path out) throws IOException {
        Map<String, List<Generated>> splits = new LinkedHashMap<>();
        for (String s : SplitPlan.SPLITS) splits.put(s, split(s));
        List<ObjectNode> sftTrain = new ArrayList<>(), sftEval = new ArrayList<>(), rankings = new ArrayList<>(),
                pairs = new ArrayList<>(), rl = new ArrayList<>(), eval = new ArrayList<>();
        for (Generated g : splits.get("sft")) sftTrain.add(AlignmentJsonl.sft(g.example().prompt(), g.example().answer(), g.example().meta()));
        for (Generated g : splits.get("eval")) {
            sftEval.add(AlignmentJsonl.sft(g.example().prompt(), g.example().answer(), g.example().meta()));
            eval.add(AlignmentJsonl.prompt(g.example().prompt(), g.example().meta(), g.example().answer()));
        }
        for (Generated g : splits.get("rl")) rl.add(AlignmentJsonl.prompt(g.example().prompt(), g.example().meta(), null));
        Random rng = new Random(cfg.seed() ^ 0x5eedL);
        List<RankedPrompt> ranked = new ArrayList<>();
        int agree = 0;
        for (Generated g : splits.get("rm")) {
            RankedPrompt rp = rank(g, rng);
            ranked.add(rp);
            if (rp.agreesWithGrades()) agree++;
            TaskExample e = rp.example();
            rankings.add(AlignmentJsonl.ranked(e.prompt(), rp.responses(), rp.ranking(), e.meta()));
            for (int[] p : rp.ranking().pairs())
                pairs.add(AlignmentJsonl.pair(e.prompt(), rp.responses().get(p[0]), rp.responses().get(p[1]), e.meta()));
        }
        AlignmentJsonl.write(out.resolve("sft_train.jsonl"), sftTrain);
        AlignmentJsonl.write(out.resolve("sft_eval.jsonl"), sftEval);
        AlignmentJsonl.write(out.resolve("rankings_rm.jsonl"), rankings);
        AlignmentJsonl.write(out.resolve("pairs_dpo.jsonl"), pairs);
        AlignmentJsonl.write(out.resolve("prompts_rl.jsonl"), rl);
        AlignmentJsonl.write(out.resolve("prompts_eval.jsonl"), eval);

        ObjectNode summary = AlignmentJsonl.JSON.createObjectNode();
        summary.put("seed", cfg.seed());
        ObjectNode counts = summary.putObject("examples");
        for (var e : splits.entrySet()) {
            ObjectNode c = counts.putObject(e.getKey());
            for (Generated g : e.getValue()) c.put(g.example().meta().family(), c.path(g.example().meta().family()).asInt() + 1);
        }
        summary.put("ranking_prompts", ranked.size());
        summary.put("dpo_pairs", pairs.size());
        summary.put("rankings_matching_generation_grades", agree);
        llmforge.io.AtomicFiles.writeString(out.resolve("summary.json"), summary.toPrettyString() + "\n");
        SynthReport.write(out.resolve("report.html"), summary, splits, ranked, judge.constitution());
        return summary;
    }
}
