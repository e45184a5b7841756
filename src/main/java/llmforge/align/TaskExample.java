package llmforge.align;

import java.util.List;

import llmforge.tokenizer.ChatMessage;

/** A prompt (system / earlier turns / the user's question), its best answer, and the metadata that scores any answer. */
public record TaskExample(List<ChatMessage> prompt, String answer, TaskMeta meta) {
    public TaskExample {
        prompt = List.copyOf(prompt);
        if (prompt.isEmpty() || !prompt.getLast().role().equals("user"))
            throw new IllegalArgumentException("a prompt must end with a user message");
    }
}
