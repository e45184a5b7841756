package llmforge.model;

import llmforge.autograd.Tape;
import llmforge.cli.Main;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillMaskTest {
    @Test
    void predictsTheTrainedFillerAndTheCliPrintsIt(@TempDir Path dir) throws Exception {
        List<String> vocab = new ArrayList<>(WordPieceTokenizer.DEFAULT_SPECIALS);
        vocab.addAll(List.of("the", "dog", "cat", "barked", "meowed", "."));
        WordPieceTokenizer tok = new WordPieceTokenizer(vocab, true);
        Encoder m = new Encoder(new EncoderConfig(vocab.size(), 16, 2, 32, 1, 2, 64, 1e-12f, 0f, false, 0, 0), 5);
        int[] dogIds = tok.encodeForModel("the dog barked."), catIds = tok.encodeForModel("the cat meowed.");
        int[] in = new int[dogIds.length * 2], labels = new int[in.length];
        System.arraycopy(dogIds, 0, in, 0, dogIds.length);
        System.arraycopy(catIds, 0, in, dogIds.length, catIds.length);
        java.util.Arrays.fill(labels, -100);
        int mask = tok.tokenId(WordPieceTokenizer.MASK);
        for (int p : new int[] {2, 2 + dogIds.length}) { labels[p] = in[p]; in[p] = mask; }
        AdamW opt = AdamW.create(m.parameters(), AdamWConfig.DEFAULT);
        for (int s = 0; s < 60; s++) {
            try (Tape tape = Tape.open()) {
                tape.backward(m.mlmLoss(new EncoderBatch(in, null, null, 2, dogIds.length), labels, 2));
            }
            opt.step(1e-2);
            opt.zeroGrad();
        }
        List<List<FillMask.Candidate>> r = FillMask.predict(m, tok, "The [MASK] barked.", 3);
        assertEquals(1, r.size());
        assertEquals("dog", r.get(0).get(0).token());
        assertTrue(r.get(0).get(0).probability() > 0.5 && r.get(0).get(0).probability() >= r.get(0).get(1).probability());

        HfEncoderDirectory.save(m, dir);
        TokenizerJsonWriter.write(tok, dir.resolve("tokenizer.json"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true));
        int rc;
        try {
            rc = Main.commandLine().execute("fill-mask", "--model", dir.toString(), "--text", "the [MASK] meowed.", "--top-k", "2");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        String[] lines = buf.toString().strip().split("\n");
        assertEquals(2, lines.length, buf.toString());
        assertTrue(lines[0].startsWith("cat "), buf.toString());
    }
}
