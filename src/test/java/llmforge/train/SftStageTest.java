package llmforge.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import llmforge.autograd.Grad;
import llmforge.data.ShardReader;
import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.generate.SamplingConfig;
import llmforge.model.Decoder;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SftStageTest {
    private static final Tokenizer TOK = SftFixtures.tokenizer();
    private static final ChatTemplate TEMPLATE = new ChatTemplate(TOK);
    private static final List<SftExample> EXAMPLES = SftFixtures.CONVERSATIONS.stream().map(c -> SftExample.of(TEMPLATE, c)).toList();
    @TempDir Path tmp;

    private SftStage stage(long initSeed, float dropout, int perBatch, double mix, ShardReader text) {
        return new SftStage(new Decoder(SftFixtures.model(dropout), initSeed), EXAMPLES, EXAMPLES.subList(0, 2),
                new SftBatcher(64, TOK.tokenId(SpecialToken.PAD), true),
                new SftStage.Options(perBatch, mix, 5, 0, TEMPLATE.endOfTurnId()), text, List.of(), null);
    }

    private static Trainer<TokenBatch> trainer(Stage<TokenBatch> s, TrainerConfig cfg, Path out) {
        return new Trainer<>(s, cfg, out, JsonNodeFactory.instance.objectNode(), TinyRun.QUIET);
    }

    @Test
    void batchesAreAPureFunctionOfTheDataPositionAndEveryEpochCoversEveryConversation() {
        SftStage s = stage(1, 0f, 2, 0, null);
        List<TokenBatch> drawn = new ArrayList<>();
        for (int i = 0; i < 5; i++) drawn.add(s.nextBatch());   // 10 conversations: two epochs of 5
        long answers = EXAMPLES.stream().mapToLong(SftExample::answerTokens).sum();
        assertEquals(2 * answers, drawn.stream().mapToLong(TokenBatch::countedTokens).sum());
        SftStage other = stage(2, 0f, 2, 0, null);
        other.seekData(3);
        assertArrayEquals(drawn.get(3).inputs(), other.nextBatch().inputs());
    }

    @Test
    void pretrainingTextIsMixedInAtTheConfiguredShare() throws IOException {
        try (ShardReader text = ShardReader.open(TinyRun.shards(tmp.resolve("shards")), "train")) {
            SftStage s = stage(1, 0f, 5, 0.5, text);
            long answers = 0, all = 0;
            for (int i = 0; i < 40; i++) {
                TokenBatch b = s.nextBatch();
                all += b.countedTokens();
                answers += EXAMPLES.stream().mapToLong(SftExample::answerTokens).sum();
            }
            double share = (all - answers) / (double) all;
            assertEquals(0.5, share, 0.12, "share of pretraining tokens");
        }
    }

    @Test
    void interruptedAndResumedSftRunMatchesAnUninterruptedOne() throws IOException {
        TrainerConfig cfg = SftFixtures.config(8, 2, 3e-3);
        try (ShardReader text = ShardReader.open(TinyRun.shards(tmp.resolve("shards")), "train")) {
            SftStage straight = stage(1, 0.1f, 2, 0.3, text);
            trainer(straight, cfg, tmp.resolve("a")).run(false, StopSignal.manual());

            StopSignal stop = StopSignal.manual();
            SftStage first = stage(1, 0.1f, 2, 0.3, text);
            Stage<TokenBatch> interrupting = new DelegatingStage<>(first) {
                @Override public TokenBatch nextBatch() {
                    if (inner.dataPosition() == 2 * 4 - 1) stop.request();   // during step 4's last micro-batch
                    return inner.nextBatch();
                }
            };
            Trainer.Result part = trainer(interrupting, cfg, tmp.resolve("b")).run(false, stop);
            assertTrue(part.interrupted());
            assertEquals(4, part.step());
            SftStage resumed = stage(999, 0.1f, 2, 0.3, text);   // different init: only the checkpoint can make it match
            Trainer.Result rest = trainer(resumed, cfg, tmp.resolve("b")).run(true, StopSignal.manual());
            assertEquals(8, rest.step());
            assertEquals(straight.dataPosition(), resumed.dataPosition());
            List<float[]> a = TinyRun.weights(straight.parameters()), b = TinyRun.weights(resumed.parameters());
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 1e-6f, straight.parameters().get(i).name());
        }
    }

    @Test
    void twoMicroBatchesAreNormalisedByTheAnswerTokensOfTheWholeStep() throws IOException {
        // the same 4 conversations (uneven answer lengths) as one micro-batch or as two; grad_clip 0, one step
        TrainerConfig two = new TrainerConfig(1, 2, 1e-3, 0, "constant", 1.0, 0.0, 0.9, 0.95, 0.0, 0, 0, 1, 5L, 3.0, false, 0.5, 0);
        TrainerConfig one = new TrainerConfig(1, 1, 1e-3, 0, "constant", 1.0, 0.0, 0.9, 0.95, 0.0, 0, 0, 1, 5L, 3.0, false, 0.5, 0);
        SftStage split = stage(3, 0f, 2, 0, null), whole = stage(3, 0f, 4, 0, null);
        trainer(split, two, tmp.resolve("split")).run(false, StopSignal.manual());
        trainer(whole, one, tmp.resolve("whole")).run(false, StopSignal.manual());
        List<float[]> a = TinyRun.grads(split.parameters()), b = TinyRun.grads(whole.parameters());
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            llmforge.Approx.assertClose(split.parameters().get(i).name(), b.get(i), a.get(i), 1e-4, 1e-6);
            for (float g : b.get(i)) max = Math.max(max, Math.abs(g));
        }
        assertTrue(max > 1e-3, "gradients should not be trivially zero, max " + max);
    }

    @Test
    void aTinyModelOverfitsAHandfulOfConversationsAndThenAnswersThemExactly() throws IOException {
        SftStage s = stage(7, 0f, 5, 0, null);
        Trainer.Result r = trainer(s, SftFixtures.config(60, 1, 1e-2), tmp.resolve("run")).run(false, StopSignal.manual());
        assertEquals(60, r.step());
        Decoder model = s.model();
        model.train(false);
        List<int[]> prompts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (List<ChatMessage> c : SftFixtures.CONVERSATIONS) {
            prompts.add(TEMPLATE.render(c.subList(0, c.size() - 1), true).ids());
            answers.add(c.getLast().content());
        }
        List<Generation> out;
        try (Grad.Scope off = Grad.off()) {
            out = Generator.cached(model, TOK).generate(prompts, new GenerationConfig(16, SamplingConfig.GREEDY, 0,
                    new int[] {TEMPLATE.endOfTurnId()}, List.of()));
        }
        for (int i = 0; i < answers.size(); i++) {
            assertEquals(answers.get(i), out.get(i).text(), "conversation " + i);
            assertTrue(out.get(i).stoppedOnEos(), "conversation " + i + " ends with <|im_end|>");
        }
    }
}
