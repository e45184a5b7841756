package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SftBatcherTest {
    private static final Tokenizer TOK = SftFixtures.tokenizer();
    private static final ChatTemplate TEMPLATE = new ChatTemplate(TOK);
    private static final int PAD = TOK.tokenId(SpecialToken.PAD);

    private static List<SftExample> examples() {
        return SftFixtures.CONVERSATIONS.stream().map(c -> SftExample.of(TEMPLATE, c)).toList();
    }

    @Test
    void lossTargetsAreExactlyEachAnswerAndItsEndOfTurnTokenInMultiTurnConversations() {
        List<ChatMessage> conv = SftFixtures.CONVERSATIONS.get(2);   // user, assistant, user, assistant
        SftExample e = SftExample.of(TEMPLATE, conv);
        TokenBatch b = new SftBatcher(64, PAD, false).batch(List.of(e), List.of());
        int imEnd = TEMPLATE.endOfTurnId();
        assertNotEquals(PAD, imEnd, "padding must not be the end-of-turn token");
        // the counted targets, split into runs of consecutive positions, must be each answer's ids + <|im_end|>
        List<List<Integer>> runs = new ArrayList<>();
        List<Integer> run = null;
        for (int i = 0; i < b.targets().length; i++) {
            if (b.targets()[i] == TokenBatch.IGNORE) {
                run = null;
                continue;
            }
            if (run == null) runs.add(run = new ArrayList<>());
            run.add(b.targets()[i]);
            assertEquals(e.ids()[i + 1], b.targets()[i], "the target of position " + i + " is the next id");
        }
        List<String> answers = conv.stream().filter(m -> m.role().equals("assistant")).map(ChatMessage::content).toList();
        assertEquals(answers.size(), runs.size(), "one loss span per assistant turn");
        for (int k = 0; k < runs.size(); k++) {
            int[] want = Arrays.copyOf(TOK.encode(answers.get(k)), TOK.encode(answers.get(k)).length + 1);
            want[want.length - 1] = imEnd;
            assertArrayEquals(want, runs.get(k).stream().mapToInt(Integer::intValue).toArray(), "answer " + k);
        }
        assertEquals(e.answerTokens(), b.countedTokens());
        // the last target of the conversation is its closing <|im_end|>: the model learns to stop
        int lastCounted = -1;
        for (int i = 0; i < b.targets().length; i++) if (b.targets()[i] != TokenBatch.IGNORE) lastCounted = b.targets()[i];
        assertEquals(imEnd, lastCounted);
    }

    @Test
    void paddingCarriesNoLossAndUsesThePadToken() {
        List<SftExample> ex = examples();
        TokenBatch b = new SftBatcher(64, PAD, false).batch(ex, List.of());
        int width = b.layout().seq();
        long counted = 0;
        for (int r = 0; r < ex.size(); r++) {
            int n = ex.get(r).inputLength();
            counted += ex.get(r).answerTokens();
            for (int i = n; i < width; i++) {
                assertEquals(PAD, b.inputs()[r * width + i]);
                assertEquals(TokenBatch.IGNORE, b.targets()[r * width + i]);
            }
        }
        assertEquals(counted, b.countedTokens());
        assertEquals(counted, TokenBatch.countTargets(b.targets()));
    }

    @Test
    void packedRowsRestartPositionsAndSeparateDocuments() {
        List<SftExample> ex = examples();
        TokenBatch b = new SftBatcher(64, PAD, true).batch(ex, List.of());
        assertTrue(b.layout().batch() < ex.size(), "several conversations share a row");
        int[] pos = b.layout().positions(), doc = b.layout().documentIds();
        // walking the rows in order meets every conversation's ids at positions 0..n-1 under one document id each
        int at = 0, row = 0;
        for (SftExample e : ex) {
            if (at - row * 64 + e.inputLength() > 64) at = ++row * 64;
            for (int i = 0; i < e.inputLength(); i++) {
                assertEquals(e.ids()[i], b.inputs()[at + i]);
                assertEquals(i, pos[at + i]);
                assertEquals(doc[at], doc[at + i]);
            }
            if (at > row * 64) assertNotEquals(doc[at - 1], doc[at], "a new conversation is a new document");
            at += e.inputLength();
        }
    }

    @Test
    void lossAndGradientsAreTheSameWithAndWithoutPacking() {
        List<SftExample> ex = examples();
        Decoder model = new Decoder(SftFixtures.model(0f), 3);
        TokenBatch packed = new SftBatcher(64, PAD, true).batch(ex, List.of());
        TokenBatch padded = new SftBatcher(64, PAD, false).batch(ex, List.of());
        assertEquals(padded.countedTokens(), packed.countedTokens());
        double lp = lossAndGrads(model, packed);
        List<float[]> gp = TinyRun.grads(model.parameters());
        double lu = lossAndGrads(model, padded);
        List<float[]> gu = TinyRun.grads(model.parameters());
        assertEquals(lu, lp, 1e-5 * Math.abs(lu));
        for (int i = 0; i < gp.size(); i++) {
            llmforge.Approx.assertClose(model.parameters().get(i).name(), gu.get(i), gp.get(i), 1e-3, 1e-6);
        }
    }

    private static double lossAndGrads(Decoder model, TokenBatch b) {
        for (Parameter p : model.parameters()) if (p.grad() != null) p.zeroGrad();
        try (Tape tape = Tape.open()) {
            var l = model.loss(b.inputs(), b.targets(), b.layout(), b.countedTokens());
            tape.backward(l);
            return l.item();
        }
    }
}
