package llmforge.tokenizer;

import java.util.function.Consumer;

/**
 * BERT's word split, as tokenizer.json's {@code BertPreTokenizer}: whitespace separates words and is dropped;
 * every punctuation character (ASCII punctuation or a Unicode P* character) is a word of its own.
 */
final class BertPreTokenizer {
    private BertPreTokenizer() {}

    static void split(String text, Consumer<String> sink) {
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            if (UnicodeClass.isWhiteSpace(c) || isPunctuation(c)) {
                if (start >= 0) sink.accept(text.substring(start, i));
                start = -1;
                if (isPunctuation(c)) sink.accept(text.substring(i, i + n));
            } else if (start < 0) {
                start = i;
            }
            i += n;
        }
        if (start >= 0) sink.accept(text.substring(start));
    }

    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
