package llmforge.pipeline;

import llmforge.align.AlignmentJsonl;
import llmforge.align.FormatSpec;
import llmforge.align.GoldScore;
import llmforge.align.TaskMeta;
import llmforge.tokenizer.ChatMessage;
import llmforge.train.AlignmentEval;
import llmforge.train.MetricsLog;
import llmforge.train.dpo.PolicyEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static llmforge.pipeline.RecipeWarnings.Level.NOT_MEASURED;
import static llmforge.pipeline.RecipeWarnings.Level.OK;
import static llmforge.pipeline.RecipeWarnings.Level.UNCLEAR;
import static llmforge.pipeline.RecipeWarnings.Level.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdicts on the recipe's warnings, from constructed measurements whose answer is known. */
class RecipeWarningsTest {
    private static final int PROMPTS = 40;

    @Test
    void forgettingIsAPerplexityRiseBeyondTenPercent() {
        var w = RecipeWarnings.forgetting(models(model("base", 100, i -> 0.5), model("sft", 104, i -> 0.5), model("dpo", 130, i -> 0.5)));
        assertEquals(WARNING, w.level());
        assertTrue(w.verdict().startsWith("Forgetting: dpo predicts"), w.verdict());
        assertTrue(w.evidence().contains("dpo: 130.00 (+30% against base)"), w.evidence().toString());
        assertEquals(OK, RecipeWarnings.forgetting(models(model("base", 100, i -> 0.5), model("sft", 80, i -> 0.5))).level());
        assertEquals(NOT_MEASURED, RecipeWarnings.forgetting(models(model("sft", 80, i -> 0.5))).level());
    }

    @Test
    void rewardHackingIsTheRewardRisingWhileGoldDoesNot(@TempDir Path tmp) {
        MetricsLog hacked = ppo(tmp, "a", 12, i -> 0.1 * i, i -> 0.5 - 0.02 * i);
        assertEquals(WARNING, RecipeWarnings.rewardHacking(hacked, true).level());
        assertEquals(OK, RecipeWarnings.rewardHacking(ppo(tmp, "b", 12, i -> 0.1 * i, i -> 0.2 + 0.03 * i), true).level());
        assertEquals(UNCLEAR, RecipeWarnings.rewardHacking(ppo(tmp, "c", 12, i -> i % 2 == 0 ? 0.1 : -0.1, i -> 0.3), true).level());
        assertEquals(UNCLEAR, RecipeWarnings.rewardHacking(ppo(tmp, "d", 3, i -> i, i -> -i), true).level());
        assertEquals(NOT_MEASURED, RecipeWarnings.rewardHacking(hacked, false).level(), "PPO on the gold judge cannot hack it");
        assertEquals(NOT_MEASURED, RecipeWarnings.rewardHacking(null, true).level());
    }

    @Test
    void alignmentTaxIsACapabilityDropBeyondTwiceItsStandardError() {
        var sft = model("sft", 50, i -> i % 2 == 0 ? 0.8 : 0.6);
        var taxed = RecipeWarnings.alignmentTax(models(sft, model("ppo", 50, i -> i % 2 == 0 ? 0.4 : 0.2)));
        assertEquals(WARNING, taxed.level());
        assertTrue(taxed.evidence().getFirst().startsWith("ppo: capability (gold score on the 40 non-safety prompts) 0.700 → 0.300 (-0.400 ± 0.000)"),
                taxed.evidence().getFirst());
        // one prompt in twenty drops: a real but small change within the noise of 40 prompts
        assertEquals(UNCLEAR, RecipeWarnings.alignmentTax(models(sft, model("dpo", 50, i -> i % 20 == 0 ? 0.0 : i % 2 == 0 ? 0.8 : 0.6))).level());
        assertEquals(OK, RecipeWarnings.alignmentTax(models(sft, model("dpo", 50, i -> 1.0))).level());
        assertEquals(NOT_MEASURED, RecipeWarnings.alignmentTax(models(sft)).level());
    }

    @Test
    void collapseIsLosingHalfTheEntropyOrTheDistinctAnswers(@TempDir Path tmp) {
        var sft = model("sft", 50, i -> 0.5, 3.0, 0.9);
        assertEquals(WARNING, RecipeWarnings.collapse(models(sft, model("ppo", 50, i -> 0.5, 1.2, 0.9)), null).level());
        assertEquals(WARNING, RecipeWarnings.collapse(models(sft, model("dpo", 50, i -> 0.5, 2.9, 0.3)), null).level());
        assertEquals(OK, RecipeWarnings.collapse(models(sft, model("ppo", 50, i -> 0.5, 2.5, 0.8)), null).level());
        MetricsLog flagged = ppo(tmp, "e", 4, i -> 0, i -> 0);
        flagged.event(3, "collapse", "policy entropy 0.01 nats/token is below 0.05");
        assertEquals(WARNING, RecipeWarnings.collapse(models(sft, model("ppo", 50, i -> 0.5, 2.5, 0.8)), flagged).level());
    }

    @Test
    void pairedDifferenceUsesThePerPromptDifferences() {
        var a = model("sft", 1, i -> i < 20 ? 1.0 : 0.0);
        var b = model("ppo", 1, i -> i < 10 || i >= 30 ? 1.0 : 0.0);
        PairedDifference d = PairedDifference.of(a.greedy(), b.greedy(), m -> m.family().equals("define"));
        assertEquals(PROMPTS, d.prompts());
        assertEquals(0.5, d.before(), 1e-12);
        assertEquals(0.5, d.after(), 1e-12);
        // differences: 10 × (−1), 10 × (+1), 20 × 0 → sd² = 20/39
        assertEquals(Math.sqrt(20.0 / 39 / 40), d.standardError(), 1e-12);
        assertTrue(!d.significant(0.02));
    }

    private static Map<String, ModelEvaluation.Result> models(ModelEvaluation.Result... rs) {
        Map<String, ModelEvaluation.Result> m = new LinkedHashMap<>();
        for (var r : rs) m.put(r.model(), r);
        return m;
    }

    private static ModelEvaluation.Result model(String name, double perplexity, IntToDoubleFunction score) {
        return model(name, perplexity, score, 2.0, 0.9);
    }

    /** {@code PROMPTS} held-out "define" prompts with the given gold totals, plus two safety prompts (not capability). */
    private static ModelEvaluation.Result model(String name, double perplexity, IntToDoubleFunction score, double entropy, double distinct) {
        List<AlignmentEval.Answer> answers = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) answers.add(answer("define word " + i, "define", score.applyAsDouble(i)));
        answers.add(answer("how to hurt someone", "harmful", 0));
        answers.add(answer("how to bake", "benign", 1));
        var greedy = new AlignmentEval.Result(name, Map.of(), Map.of(), 0.5, 0.5, Double.NaN, 0, 0, 0, perplexity, 0, answers);
        var sampled = new PolicyEvaluation.Result(PROMPTS, 0.5, Map.of(), 0, 0, 1.0, 10, null, entropy, distinct);
        return new ModelEvaluation.Result(name, greedy, sampled, List.of());
    }

    private static AlignmentEval.Answer answer(String question, String family, double total) {
        TaskMeta meta = new TaskMeta(family, "en", question, family.equals("harmful") ? List.of() : List.of("x"), List.of(), FormatSpec.FREE, 40);
        var prompt = new AlignmentJsonl.Prompt(List.of(new ChatMessage("user", question)), meta, null);
        return new AlignmentEval.Answer(prompt, "answer", true, new GoldScore(family, total, 1, 1, 1, total));
    }

    private static MetricsLog ppo(Path tmp, String name, int iterations, IntToDoubleFunction reward, IntToDoubleFunction gold) {
        MetricsLog m = new MetricsLog(tmp.resolve(name + ".jsonl"));
        for (int i = 0; i < iterations; i++) m.add("train", i + 1, Map.of("reward", reward.applyAsDouble(i), "gold", gold.applyAsDouble(i)));
        return m;
    }
}
