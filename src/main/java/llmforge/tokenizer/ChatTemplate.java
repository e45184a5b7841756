package llmforge.tokenizer;

import java.util.List;

/**
 * The ChatML template, {@code <|im_start|>role\ncontent<|im_end|>\n} per turn, shared by SFT, reward modelling,
 * PPO and DPO. Rendering gives the ids and the loss mask: true on an assistant's content and on the
 * {@code <|im_end|>} that closes it (so the model learns to stop), false on role headers and other turns.
 * Header, content and trailer are encoded apart so that the mask falls on token boundaries; that equals encoding
 * the rendered text whole (as the Jinja {@link #JINJA} in tokenizer_config.json does) except where a content
 * starts with a whitespace run that the split would have joined to the header's newline.
 */
public final class ChatTemplate {
    /** The same template in Jinja, for tokenizer_config.json's {@code chat_template}. */
    public static final String JINJA = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Ids and, per id, whether it is part of an assistant's answer (the tokens a loss is taken on). */
    public record Rendered(int[] ids, boolean[] assistantMask) {}

    private final Tokenizer tokenizer;
    private final int imStart;
    private final int imEnd;

    public ChatTemplate(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.imStart = tokenizer.specialId(SpecialToken.IM_START);
        this.imEnd = tokenizer.specialId(SpecialToken.IM_END);
    }

    /** The id that ends a turn: generation stops there. */
    public int endOfTurnId() { return imEnd; }

    public Rendered render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        IntList ids = new IntList(64);
        java.util.BitSet mask = new java.util.BitSet();
        for (ChatMessage m : messages) {
            boolean answer = m.role().equals("assistant");
            ids.add(imStart);
            ids.addAll(tokenizer.encode(m.role() + "\n"));
            int from = ids.size();
            ids.addAll(tokenizer.encode(m.content()));
            ids.add(imEnd);
            if (answer) mask.set(from, ids.size());
            ids.addAll(tokenizer.encode("\n"));
        }
        if (addGenerationPrompt) {
            ids.add(imStart);
            ids.addAll(tokenizer.encode("assistant\n"));
        }
        boolean[] m = new boolean[ids.size()];
        for (int i = 0; i < m.length; i++) m[i] = mask.get(i);
        return new Rendered(ids.toArray(), m);
    }

    /** The rendered text, as the Jinja template produces it. */
    public static String renderText(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            sb.append(SpecialToken.IM_START).append(m.role()).append('\n').append(m.content())
                    .append(SpecialToken.IM_END).append('\n');
        }
        if (addGenerationPrompt) sb.append(SpecialToken.IM_START).append("assistant\n");
        return sb.toString();
    }
}
