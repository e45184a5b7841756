package llmforge.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTemplateTest {
    private final ByteLevelBpeTokenizer tok = BpeTrainerTest.train(500, "gpt2");
    private final ChatTemplate chat = new ChatTemplate(tok);
    private final List<ChatMessage> conversation = List.of(
            new ChatMessage("system", "You are terse."),
            new ChatMessage("user", "What is 2+2?"),
            new ChatMessage("assistant", "4."),
            new ChatMessage("user", "And 中文?"),
            new ChatMessage("assistant", "字节 🚀"));

    @Test void idsEqualTheRenderedTextEncodedWhole() {
        for (boolean gen : new boolean[] {false, true}) {
            ChatTemplate.Rendered r = chat.render(conversation, gen);
            assertArrayEquals(tok.encode(ChatTemplate.renderText(conversation, gen), true), r.ids());
            assertEquals(r.ids().length, r.assistantMask().length);
        }
    }

    @Test void maskCoversAssistantContentAndItsEndMarker() {
        ChatTemplate.Rendered r = chat.render(conversation, false);
        int imEnd = tok.tokenId(SpecialToken.IM_END);
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < r.ids().length; i++) if (r.assistantMask()[i]) masked.add(r.ids()[i]);
        List<Integer> expected = new ArrayList<>();
        for (String answer : List.of("4.", "字节 🚀")) {
            for (int id : tok.encode(answer)) expected.add(id);
            expected.add(imEnd);
        }
        assertEquals(expected, masked);
        assertFalse(r.assistantMask()[0], "role headers are not trained on");
        int ends = 0;
        for (int i = 0; i < r.ids().length; i++) if (r.ids()[i] == imEnd) ends++;
        assertEquals(5, ends);
    }

    @Test void generationPromptIsUnmaskedAndEndsWithAssistantHeader() {
        ChatTemplate.Rendered r = chat.render(List.of(new ChatMessage("user", "hi")), true);
        int[] tail = tok.encode("assistant\n");
        int n = r.ids().length;
        assertEquals(tok.tokenId(SpecialToken.IM_START), r.ids()[n - tail.length - 1]);
        for (boolean b : r.assistantMask()) assertFalse(b);
        assertEquals(tok.tokenId(SpecialToken.IM_END), chat.endOfTurnId());
    }

    @Test void configCarriesTheJinjaTemplate() throws Exception {
        var cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(TokenizerConfig.toJson(tok));
        assertEquals(ChatTemplate.JINJA, cfg.get("chat_template").asText());
        assertEquals("<|endoftext|>", cfg.get("eos_token").asText());
        assertEquals("<|pad|>", cfg.get("pad_token").asText());
        assertTrue(ChatTemplate.JINJA.contains("add_generation_prompt"));
    }
}
