package llmforge.align;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.tokenizer.ChatMessage;

/**
 * The alignment data files, HF-style conversations, one JSON object a line: SFT {@code {"messages": [...]}},
 * rankings {@code {"prompt": [...], "responses": [...], "ranking": [...], "reasons": [...]}}, pairs
 * {@code {"prompt": [...], "chosen": ..., "rejected": ...}}, judge input {@code {"prompt"|"messages": [...],
 * "response": ...}}; each may carry a {@code "meta"} object ({@link TaskMeta}). Readers accept users' own files and
 * name the file and line of a bad record.
 */
public final class AlignmentJsonl {
    public record Sft(List<ChatMessage> messages, TaskMeta meta) {}
    public record Ranked(List<ChatMessage> prompt, List<String> responses, List<Integer> ranking, List<String> reasons, TaskMeta meta) {}
    public record Pair(List<ChatMessage> prompt, String chosen, String rejected, TaskMeta meta) {}
    public record Prompt(List<ChatMessage> prompt, TaskMeta meta, String reference) {}
    public record Answered(List<ChatMessage> prompt, TaskMeta meta, String response) {}

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AlignmentJsonl() {}

    // ---- writing

    public static void write(Path file, List<? extends JsonNode> lines) throws IOException {
        AtomicFiles.write(file, out -> {
            for (JsonNode n : lines) {
                out.write(JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    static ArrayNode messages(List<ChatMessage> ms) {
        ArrayNode a = JSON.createArrayNode();
        for (ChatMessage m : ms) a.addObject().put("role", m.role()).put("content", m.content());
        return a;
    }

    static ObjectNode sft(List<ChatMessage> prompt, String answer, TaskMeta meta) {
        List<ChatMessage> all = new ArrayList<>(prompt);
        all.add(new ChatMessage("assistant", answer));
        ObjectNode o = JSON.createObjectNode();
        o.set("messages", messages(all));
        o.set("meta", JSON.valueToTree(meta));
        return o;
    }

    static ObjectNode ranked(List<ChatMessage> prompt, List<String> responses, Ranking r, TaskMeta meta) {
        ObjectNode o = JSON.createObjectNode();
        o.set("prompt", messages(prompt));
        o.set("responses", JSON.valueToTree(responses));
        o.set("ranking", JSON.valueToTree(r.order()));
        o.set("reasons", JSON.valueToTree(r.reasons()));
        o.set("meta", JSON.valueToTree(meta));
        return o;
    }

    static ObjectNode pair(List<ChatMessage> prompt, String chosen, String rejected, TaskMeta meta) {
        ObjectNode o = JSON.createObjectNode();
        o.set("prompt", messages(prompt));
        o.put("chosen", chosen).put("rejected", rejected);
        o.set("meta", JSON.valueToTree(meta));
        return o;
    }

    static ObjectNode prompt(List<ChatMessage> prompt, TaskMeta meta, String reference) {
        ObjectNode o = JSON.createObjectNode();
        o.set("prompt", messages(prompt));
        o.set("meta", JSON.valueToTree(meta));
        if (reference != null) o.put("reference", reference);
        return o;
    }

    // ---- reading

    public static List<Sft> readSft(Path file) {
        return read(file, (o, at) -> {
            List<ChatMessage> ms = conversation(o, "messages", at);
            if (!ms.getLast().role().equals("assistant")) throw bad(at, "'messages' must end with an assistant message");
            return new Sft(ms, meta(o, at, false));
        });
    }

    public static List<Ranked> readRankings(Path file) {
        return read(file, (o, at) -> {
            List<ChatMessage> p = prompt(o, "prompt", at);
            List<String> rs = strings(o, "responses", at);
            if (rs.size() < 2) throw bad(at, "'responses' must hold at least two answers");
            List<Integer> order = new ArrayList<>();
            JsonNode r = o.get("ranking");
            if (r == null || !r.isArray()) throw bad(at, "'ranking' must be an array of response indices, best first");
            var seen = new HashSet<Integer>();
            for (JsonNode i : r) {
                if (!i.canConvertToInt() || !i.isIntegralNumber() || i.asInt() < 0 || i.asInt() >= rs.size() || !seen.add(i.asInt()))
                    throw bad(at, "'ranking' must be a permutation of 0.." + (rs.size() - 1) + ", got " + r);
                order.add(i.asInt());
            }
            if (order.size() != rs.size()) throw bad(at, "'ranking' must rank all " + rs.size() + " responses, got " + r);
            List<String> reasons = o.has("reasons") ? strings(o, "reasons", at) : List.of();
            return new Ranked(p, rs, order, reasons, meta(o, at, false));
        });
    }

    public static List<Pair> readPairs(Path file) {
        return read(file, (o, at) -> new Pair(prompt(o, "prompt", at), text(o, "chosen", at), text(o, "rejected", at), meta(o, at, false)));
    }

    public static List<Prompt> readPrompts(Path file) {
        return read(file, (o, at) -> new Prompt(prompt(o, "prompt", at), meta(o, at, false),
                o.has("reference") ? text(o, "reference", at) : null));
    }

    /** Judge input: {@code prompt} (or {@code messages}, a trailing assistant turn dropped), {@code meta}, {@code response}. */
    public static List<Answered> readAnswered(Path file) {
        return read(file, (o, at) -> {
            List<ChatMessage> p;
            if (o.has("prompt")) p = prompt(o, "prompt", at);
            else {
                p = new ArrayList<>(conversation(o, "messages", at));
                if (p.getLast().role().equals("assistant")) p.removeLast();
                if (p.isEmpty() || !p.getLast().role().equals("user")) throw bad(at, "'messages' must hold a user question");
            }
            return new Answered(List.copyOf(p), meta(o, at, true), text(o, "response", at));
        });
    }

    private static <T> List<T> read(Path file, BiFunction<JsonNode, String, T> parse) {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = SourceFiles.open(file)) {
            String line;
            for (int n = 1; (line = r.readLine()) != null; n++) {
                if (line.isBlank()) continue;
                String at = file + ":" + n;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw bad(at, "not valid JSON: " + e.getOriginalMessage());
                }
                if (o == null || !o.isObject()) throw bad(at, "expected a JSON object");
                out.add(parse.apply(o, at));
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static UserException bad(String at, String what) { return new UserException(at + ": " + what); }

    private static List<ChatMessage> prompt(JsonNode o, String field, String at) {
        List<ChatMessage> ms = conversation(o, field, at);
        if (!ms.getLast().role().equals("user")) throw bad(at, "'" + field + "' must end with a user message");
        return ms;
    }

    private static List<ChatMessage> conversation(JsonNode o, String field, String at) {
        JsonNode a = o.get(field);
        if (a == null || !a.isArray() || a.isEmpty())
            throw bad(at, "'" + field + "' must be a non-empty array of {\"role\", \"content\"} messages");
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode m = a.get(i);
            if (!m.path("role").isTextual() || !m.path("content").isTextual())
                throw bad(at, field + "[" + i + "] must have string 'role' and 'content'");
            try {
                out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            } catch (IllegalArgumentException e) {
                throw bad(at, field + "[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode o, String field, String at) {
        JsonNode a = o.get(field);
        if (a == null || !a.isArray()) throw bad(at, "'" + field + "' must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode s : a) {
            if (!s.isTextual()) throw bad(at, "'" + field + "' must hold only strings");
            out.add(s.asText());
        }
        return out;
    }

    private static String text(JsonNode o, String field, String at) {
        JsonNode s = o.get(field);
        if (s == null || !s.isTextual()) throw bad(at, "'" + field + "' must be a string");
        return s.asText();
    }

    private static TaskMeta meta(JsonNode o, String at, boolean required) {
        JsonNode m = o.get("meta");
        if (m == null || m.isNull()) {
            if (required) throw bad(at, "'meta' (the task's family, expected answers and format) is required to judge an answer");
            return null;
        }
        try {
            return JSON.treeToValue(m, TaskMeta.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String what = root instanceof IllegalArgumentException ? root.getMessage()
                    : e instanceof com.fasterxml.jackson.databind.JsonMappingException jm ? jm.getOriginalMessage() : e.getMessage();
            throw bad(at, "bad 'meta': " + what);
        }
    }
}
