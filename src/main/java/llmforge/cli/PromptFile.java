package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.tokenizer.ChatMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSONL file of generation requests, one object per line: {@code {"prompt": "..."}} (plain text) or
 * {@code {"messages": [{"role": ..., "content": ...}, ...]}} (a chat, rendered with the ChatML template and an
 * open assistant turn). Other keys are kept and copied to the output. Blank lines are skipped.
 */
final class PromptFile {
    /** One request: its JSON object and either the prompt text or the chat messages. */
    record Entry(int line, ObjectNode json, String prompt, List<ChatMessage> messages) {}

    private PromptFile() {}

    static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read: " + e.getMessage());
        }
        ObjectMapper json = new ObjectMapper();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + ":" + (i + 1);
            JsonNode n;
            try {
                n = json.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UserException(where + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (!(n instanceof ObjectNode o)) throw new UserException(where + ": expected a JSON object");
            if (o.path("prompt").isTextual()) {
                out.add(new Entry(i + 1, o, o.get("prompt").asText(), null));
            } else if (o.path("messages").isArray()) {
                out.add(new Entry(i + 1, o, null, messages(o.get("messages"), where)));
            } else {
                throw new UserException(where + ": expected a \"prompt\" string or a \"messages\" list");
            }
        }
        return out;
    }

    private static List<ChatMessage> messages(JsonNode list, String where) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : list) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new UserException(where + ": each message needs a \"role\" and a \"content\" string");
            }
            try {
                out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            } catch (IllegalArgumentException e) {
                throw new UserException(where + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new UserException(where + ": \"messages\" is empty");
        return out;
    }
}
