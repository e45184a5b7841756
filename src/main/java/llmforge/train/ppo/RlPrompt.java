package llmforge.train.ppo;

import llmforge.align.TaskMeta;
import llmforge.tokenizer.ChatMessage;

import java.util.List;

/**
 * One prompt of the RL loop: its ids (the chat rendered with the generation prompt) and, for alignment data, the
 * conversation and task metadata the gold judge needs (null for token-level toy prompts).
 */
public record RlPrompt(int[] ids, List<ChatMessage> messages, TaskMeta meta) {
    public RlPrompt {
        if (ids.length == 0) throw new IllegalArgumentException("an RL prompt must not be empty");
    }

    public static RlPrompt ofIds(int[] ids) { return new RlPrompt(ids, null, null); }
}
