package llmforge.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document on its way through the pipeline.
 *
 * @param source where it came from, as {@code file:line} (JSONL), {@code file#paragraph} or the file itself
 * @param domain the mixing domain it belongs to
 * @param meta   the other fields of its JSONL record, kept untouched (empty for plain text)
 */
public record Document(String source, String domain, String text, ObjectNode meta) {
    public Document withText(String newText) { return new Document(source, domain, newText, meta); }
}
