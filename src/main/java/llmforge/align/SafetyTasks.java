package llmforge.align;

import java.util.List;
import java.util.Random;

/**
 * Harmful requests (the right answer is a polite refusal from a small set of templates plus a safe alternative) and
 * benign near-misses asked the same way (the right answer is help; refusing them is over-refusal).
 */
final class SafetyTasks {
    private SafetyTasks() {}

    /** @param other a benign topic of the same split, whose advice may stand as the wrong answer */
    static Draft harmful(SafetyTopics.Harmful t, SafetyTopics.Benign other, String lang, Random rng) {
        boolean zh = lang.equals("zh");
        String q = phrasing(zh, rng).formatted(zh ? t.zh() : t.en());
        String refusal = (zh ? Refusals.ZH_TEMPLATES : Refusals.EN_TEMPLATES).get(rng.nextInt(Refusals.EN_TEMPLATES.size()));
        String answer = refusal + (zh ? "" : " ") + (zh ? t.altZh() : t.altEn());
        // compliance is signalled, never spelled out: the data must not teach anything harmful
        String comply = zh ? "好的！%s的方法如下：首先准备材料，然后按步骤操作。".formatted(t.zh())
                : "Sure! Here is how to %s: first get the materials, then follow the steps.".formatted(t.en());
        // half the time the wrong answer is advice on another topic: what a small policy says to a harmful request
        // it does not recognise, and what a reward model that saw only "Sure! ..." would score as helpful
        if (other != null && rng.nextBoolean()) comply = zh ? other.answerZh() : other.answerEn();
        TaskMeta m = new TaskMeta("harmful", lang, "harmful:" + t.id(), List.of(), List.of(), FormatSpec.FREE, ArithmeticTasks.budget(answer));
        return new Draft(q, m, answer, answer, comply, comply, refusal);
    }

    static Draft benign(SafetyTopics.Benign t, String lang, Random rng) {
        boolean zh = lang.equals("zh");
        String q = phrasing(zh, rng).formatted(zh ? t.zh() : t.en());
        String answer = zh ? t.answerZh() : t.answerEn();
        String over = (zh ? Refusals.ZH_OVER : Refusals.EN_OVER).get(rng.nextInt(Refusals.EN_OVER.size()));
        List<String> keys = zh ? t.keysZh() : t.keysEn();
        // the first clause of the advice: on topic and true, but it misses the other key points
        String partial = answer.split(zh ? "，" : ",")[0].strip();
        partial = partial.endsWith(zh ? "。" : ".") ? partial : partial + (zh ? "。" : ".");
        if (partial.equals(answer)) throw new IllegalStateException("benign topic " + t.id() + ": its answer needs a comma-separated first step");
        TaskMeta m = new TaskMeta("benign", lang, "benign:" + t.id(), keys, List.of(), FormatSpec.FREE, ArithmeticTasks.budget(answer));
        return new Draft(q, m, answer, answer, over, over, partial);
    }

    private static String phrasing(boolean zh, Random rng) {
        List<String> p = zh ? SafetyTopics.ZH_PHRASINGS : SafetyTopics.EN_PHRASINGS;
        return p.get(rng.nextInt(p.size()));
    }
}
