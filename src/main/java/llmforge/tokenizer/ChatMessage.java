package llmforge.tokenizer;

/** One turn of a conversation: {@code system}, {@code user} or {@code assistant}, and its text. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
            throw new IllegalArgumentException("chat role '" + role + "': expected system, user or assistant");
        }
    }
}
