package llmforge.generate;

import llmforge.model.Decoder;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopConditionTest {
    static Tokenizer tokenizer;
    static Decoder model;
    static List<int[]> prompts;

    static Tokenizer trainTokenizer() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("the quick brown fox " + i + " jumps over the lazy dog and the cat sat on the mat number " + i);
        }
        return BpeTrainer.train(texts, new BpeTrainer.Options(300, 2, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
    }

    @BeforeAll static void setUp() {
        tokenizer = trainTokenizer();
        model = TinyModels.model("gpt2", tokenizer.vocabSize(), 12);
        prompts = List.of(tokenizer.encode("the quick brown"), tokenizer.encode("a cat sat on the mat and"));
    }

    static GenerationConfig config(int[] eos, List<String> stops) {
        return new GenerationConfig(30, SamplingConfig.GREEDY, 0, eos, stops);
    }

    /** Generates with a streamer; asserts the streamed pieces of every row add up to its final text. */
    static List<Generation> streamed(GenerationConfig cfg) {
        StringBuilder[] seen = {new StringBuilder(), new StringBuilder()};
        List<Generation> out = Generator.cached(model, tokenizer).generate(prompts, cfg, 0, (row, piece) -> {
            assertTrue(!piece.isEmpty(), "no empty pieces");
            seen[row].append(piece);
        });
        for (int r = 0; r < 2; r++) assertEquals(out.get(r).text(), seen[r].toString(), "streamed text of row " + r);
        return out;
    }

    @Test void runsToTheLengthLimitAndStreamsExactlyTheText() {
        List<Generation> full = streamed(config(new int[0], List.of()));
        for (Generation g : full) {
            assertEquals(Generation.Finish.LENGTH, g.finish());
            assertEquals(30, g.tokens().length);
            assertEquals(tokenizer.decode(g.tokens()), g.text());
        }
    }

    @Test void stopsOnEosKeepingTheIdButNotItsText() {
        Generation full = streamed(config(new int[0], List.of())).get(0);
        int at = 6, eos = full.tokens()[at];
        int first = 0;
        while (full.tokens()[first] != eos) first++;
        Generation g = streamed(config(new int[] {eos}, List.of())).get(0);
        assertEquals(Generation.Finish.EOS, g.finish());
        assertTrue(g.stoppedOnEos());
        assertArrayEquals(Arrays.copyOf(full.tokens(), first + 1), g.tokens());
        assertEquals(tokenizer.decode(Arrays.copyOf(full.tokens(), first)), g.text());
    }

    @Test void theForwardListenerRunsOncePerTokenOfTheLongestRow() {
        for (Generator g : List.of(Generator.cached(model, null), Generator.recomputing(model, null))) {
            int[] calls = {0};
            Generator counted = g.afterEachForward(() -> calls[0]++);
            List<Generation> full = counted.generate(prompts, config(new int[0], List.of()));
            assertEquals(30, calls[0], "prefill + 29 steps for 30 tokens");
            assertArrayEquals(g.generate(prompts, config(new int[0], List.of())).get(0).tokens(), full.get(0).tokens());

            int eos = full.get(0).tokens()[6], upTo = 0;
            while (full.get(0).tokens()[upTo] != eos) upTo++;
            calls[0] = 0;
            Generation stopped = counted.generate(List.of(prompts.get(0)), config(new int[] {eos}, List.of())).get(0);
            assertEquals(upTo + 1, stopped.tokens().length);
            assertEquals(upTo + 1, calls[0], "no forward after the only row stopped");
        }
    }

    @Test void stopsOnAStopStringAndCutsTheTextBeforeIt() {
        Generation full = streamed(config(new int[0], List.of())).get(1);
        String text = full.text();
        String stop = null;
        for (int i = 4; i + 3 <= text.length() && stop == null; i++) {
            String c = text.substring(i, i + 3);
            if (c.chars().allMatch(ch -> ch < 128) && text.indexOf(c) == i) stop = c;
        }
        assertTrue(stop != null, "random text should hold an ASCII substring: " + text);
        List<Generation> out = streamed(config(new int[0], List.of("\u0001never", stop)));
        Generation g = out.get(1);
        assertEquals(Generation.Finish.STOP_STRING, g.finish());
        assertEquals(text.substring(0, text.indexOf(stop)), g.text());
        assertTrue(tokenizer.decode(g.tokens()).contains(stop), "generation ran until the stop string was complete");
        assertArrayEquals(Arrays.copyOf(full.tokens(), g.tokens().length), g.tokens());
        assertTrue(g.tokens().length < 30);
    }

    @Test void holdsBackTextThatMayBecomeAStopString() {
        StopStrings s = new StopStrings(List.of("world", "<|im_end|>"));
        assertEquals(6, s.safeLength("hello wor"));
        assertEquals(11, s.safeLength("hello world"));   // complete: find() handles it
        assertEquals(5, s.safeLength("hello<|im"));
        assertEquals(5, s.safeLength("hello\uFFFD\uFFFD"));
        assertEquals(6, s.find("hello world<|im_end|>"));
        assertEquals(-1, s.find("hello"));
    }
}
