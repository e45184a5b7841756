package llmforge.train;

import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Tiny tokenizer and decoders for the preference-learning tests (reward model, DPO). */
public final class PrefFixtures {
    private PrefFixtures() {}

    public static Tokenizer tokenizer() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("user assistant system what is " + i + " plus " + (i + 3) + "? the answer is " + (2 * i + 3)
                    + ". good bad sorry I cannot help with that. the quick brown fox jumps over the lazy dog");
        }
        return BpeTrainer.train(texts, new BpeTrainer.Options(300, 2, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
    }

    public static DecoderConfig config(String arch, int vocab) {
        return arch.equals("gpt2")
                ? new DecoderConfig("gpt2", vocab, 64, 32, 2, 4, 4, 64, true, 0f, 1e-5f, 10000, 1)
                : new DecoderConfig("llama", vocab, 64, 32, 2, 4, 2, 56, false, 0f, 1e-5f, 10000, 1);
    }

    public static Decoder decoder(String arch, int vocab, long seed) { return new Decoder(config(arch, vocab), seed); }
}
