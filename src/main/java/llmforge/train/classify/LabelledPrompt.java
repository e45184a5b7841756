package llmforge.train.classify;

import llmforge.align.AlignmentJsonl;
import llmforge.align.TaskMeta;
import llmforge.io.UserException;
import llmforge.tokenizer.ChatMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One prompt to classify: the user's request, its label (1: harmful) and its language. */
public record LabelledPrompt(String text, int label, String lang) {
    public static final List<String> LABELS = List.of("benign", "harmful");

    /**
     * The prompts of an alignment JSONL file ({@code {"prompt": [...], "meta"}} or {@code {"messages": [...], "meta"}})
     * whose family is listed; the text is the last user message.
     */
    public static List<LabelledPrompt> read(Path file, List<String> families) {
        List<LabelledPrompt> out = new ArrayList<>();
        if (conversations(file)) {
            for (AlignmentJsonl.Sft s : AlignmentJsonl.readSft(file)) add(s.messages(), s.meta(), families, out);
        } else {
            for (AlignmentJsonl.Prompt p : AlignmentJsonl.readPrompts(file)) add(p.prompt(), p.meta(), families, out);
        }
        if (out.isEmpty()) throw new UserException(file + ": no prompt of the families " + families + " (do the records carry 'meta'?)");
        return out;
    }

    private static void add(List<ChatMessage> messages, TaskMeta meta, List<String> families, List<LabelledPrompt> out) {
        if (meta == null || !families.contains(meta.family())) return;
        String text = null;
        for (ChatMessage m : messages) if (m.role().equals("user")) text = m.content();
        if (text != null) out.add(new LabelledPrompt(text, meta.harmful() ? 1 : 0, meta.lang()));
    }

    // SFT conversations hold "messages", prompt files "prompt": the first record says which
    private static boolean conversations(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).findFirst().map(l -> l.contains("\"messages\"")).orElse(false);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
