package llmforge.train;

import llmforge.tokenizer.ChatMessage;

import java.util.List;

/**
 * Held-out vs training by prompt: a record is held out when a hash of its prompt text falls under the fraction, so
 * every answer (and pair) of one prompt lands on the same side and the split does not depend on file order.
 */
public final class PromptSplit {
    private PromptSplit() {}

    public static boolean heldOut(List<ChatMessage> prompt, double fraction) {
        long h = 0x9E3779B97F4A7C15L;
        for (ChatMessage m : prompt) {
            h = mix(h ^ m.role().hashCode());
            h = mix(h ^ m.content().hashCode());
        }
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    private static long mix(long z) {   // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
