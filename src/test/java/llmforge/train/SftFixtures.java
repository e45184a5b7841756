package llmforge.train;

import llmforge.model.DecoderConfig;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** A tiny chat tokenizer, tiny decoder and a handful of conversations for the SFT tests. */
final class SftFixtures {
    private SftFixtures() {}

    static final List<List<ChatMessage>> CONVERSATIONS = List.of(
            List.of(new ChatMessage("user", "what is red"), new ChatMessage("assistant", "a colour")),
            List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "name a fruit"), new ChatMessage("assistant", "apple")),
            List.of(new ChatMessage("user", "two plus two"), new ChatMessage("assistant", "four"),
                    new ChatMessage("user", "and three more"), new ChatMessage("assistant", "seven")),
            List.of(new ChatMessage("user", "say hi"), new ChatMessage("assistant", "hi there friend")),
            List.of(new ChatMessage("user", "how to hurt someone"), new ChatMessage("assistant", "I can't help with that")));

    static Tokenizer tokenizer() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (List<ChatMessage> c : CONVERSATIONS) for (ChatMessage m : c) texts.add(m.role() + "\n" + m.content());
        }
        return BpeTrainer.train(texts, new BpeTrainer.Options(300, 2, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
    }

    /** GPT-2 flavour; dropout on when asked (resume must then reproduce the masks). */
    static DecoderConfig model(float dropout) {
        return new DecoderConfig("gpt2", 300, 64, 32, 2, 4, 4, 64, true, dropout, 1e-5f, 10000, 1);
    }

    static TrainerConfig config(int steps, int microBatches, double lr) {
        return new TrainerConfig(steps, microBatches, lr, 2, "constant", 1.0, 0.0, 0.9, 0.95, 1.0, 0, 0,
                2, 5L, 50.0, false, 0.5, 3);
    }
}
