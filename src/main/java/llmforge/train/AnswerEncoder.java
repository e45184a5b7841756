package llmforge.train;

import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Prompt + answer as the chat template renders them: the prompt turns, the generation prompt
 * ({@code <|im_start|>assistant\n}), the answer and its closing {@code <|im_end|>} — exactly the prefix of the full
 * rendered conversation, so rewards and log-probs see what a generator produced.
 */
public final class AnswerEncoder {
    /** {@code ids[answerStart..]} are the answer's tokens (closing end-of-turn included). */
    public record Encoded(int[] ids, int answerStart) {
        public int answerTokens() { return ids.length - answerStart; }
    }

    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    public AnswerEncoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.template = new ChatTemplate(tokenizer);
    }

    public Tokenizer tokenizer() { return tokenizer; }

    public int endOfTurnId() { return template.endOfTurnId(); }

    /** The padding id: {@code <|pad|>} when the vocabulary has one, else the end-of-turn id (padding is never attended). */
    public int padId() {
        for (var t : tokenizer.specialTokens()) if (t.content().equals(llmforge.tokenizer.SpecialToken.PAD)) return t.id();
        return template.endOfTurnId();
    }

    /** The prompt ready for generation (ends with the assistant's opening). */
    public int[] prompt(List<ChatMessage> prompt) { return template.render(prompt, true).ids(); }

    public Encoded encode(List<ChatMessage> prompt, String answer) { return encode(prompt(prompt), answer); }

    public Encoded encode(int[] promptIds, String answer) {
        int[] a = tokenizer.encode(answer);
        int[] ids = Arrays.copyOf(promptIds, promptIds.length + a.length + 1);
        System.arraycopy(a, 0, ids, promptIds.length, a.length);
        ids[ids.length - 1] = template.endOfTurnId();
        return new Encoded(ids, promptIds.length);
    }
}
