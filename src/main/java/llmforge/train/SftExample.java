package llmforge.train;

import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;

import java.util.List;

/**
 * One tokenised conversation: its ids and, per id, whether the loss is taken on it (an assistant's content and
 * the end-of-turn token closing it, as {@link ChatTemplate} marks them).
 */
public record SftExample(int[] ids, boolean[] answerMask) {
    public SftExample {
        if (ids.length != answerMask.length) throw new IllegalArgumentException(ids.length + " ids but " + answerMask.length + " mask flags");
        if (ids.length < 2) throw new IllegalArgumentException("a conversation needs at least two tokens");
    }

    public static SftExample of(ChatTemplate template, List<ChatMessage> messages) {
        ChatTemplate.Rendered r = template.render(messages, false);
        return new SftExample(r.ids(), r.assistantMask());
    }

    /** Next-token pairs: the inputs are ids[0..n-2]; the target of input i is ids[i+1]. */
    public int inputLength() { return ids.length - 1; }

    /** Targets that carry loss (answer tokens after the first position). */
    public int answerTokens() {
        int n = 0;
        for (int i = 1; i < ids.length; i++) if (answerMask[i]) n++;
        return n;
    }
}
