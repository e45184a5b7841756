package llmforge.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input of the chain: a file or a folder (read recursively, in name order; {@code .gz} is unpacked on the fly).
 *
 * @param format      {@code text}, {@code jsonl} or {@code auto} (by extension: .jsonl/.json -> jsonl, else text)
 * @param textField   the JSONL field holding the text; every other field is kept
 * @param domainField a JSONL field naming the document's domain, overriding {@code domain} where present
 * @param split       for text files: {@code file} (one document per file) or {@code paragraph} (per blank-line block)
 */
public record SourceConfig(
        @JsonProperty(required = true) String path,
        String domain,
        String format,
        String textField,
        String domainField,
        String split) {
    public SourceConfig {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("a source needs a 'path'");
        domain = domain == null ? "default" : domain;
        format = format == null ? "auto" : format;
        textField = textField == null ? "text" : textField;
        split = split == null ? "file" : split;
        if (!format.equals("auto") && !format.equals("text") && !format.equals("jsonl"))
            throw new IllegalArgumentException("source " + path + ": format must be auto, text or jsonl, not '" + format + "'");
        if (!split.equals("file") && !split.equals("paragraph"))
            throw new IllegalArgumentException("source " + path + ": split must be file or paragraph, not '" + split + "'");
    }

    public static SourceConfig of(String path, String domain) {
        return new SourceConfig(path, domain, null, null, null, null);
    }
}
