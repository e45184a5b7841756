package llmforge.train;

import llmforge.data.ShardReader;
import llmforge.nn.SequenceLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays conversations out as a {@link TokenBatch}. Packed: conversations are placed in order into rows of
 * {@code seqLen} tokens, a new row when the next one does not fit; every conversation gets its own document id (so
 * attention does not cross it) and positions restarting at 0, which makes the loss the same as with one
 * conversation per row. Unpacked: one conversation per row, rows as wide as the longest. Padding uses
 * {@code padId} with no loss and a document of its own. Targets are the next ids where the answer mask is set,
 * {@link TokenBatch#IGNORE} elsewhere. Optional pretraining-text rows (windows of the shards) take loss on every token.
 */
public final class SftBatcher {
    private final int seqLen, padId;
    private final boolean packing;

    public SftBatcher(int seqLen, int padId, boolean packing) {
        if (seqLen < 1) throw new IllegalArgumentException("seq_len must be at least 1");
        this.seqLen = seqLen;
        this.padId = padId;
        this.packing = packing;
    }

    public boolean packing() { return packing; }

    public int seqLen() { return seqLen; }

    /** The batch of {@code examples} (each at most {@code seqLen} inputs long) plus {@code text} windows of seqLen + 1 tokens. */
    public TokenBatch batch(List<SftExample> examples, List<ShardReader.Window> text) {
        List<List<SftExample>> rows = new ArrayList<>();
        int width = 0;
        for (SftExample e : examples) {
            if (e.inputLength() > seqLen) throw new IllegalArgumentException("a conversation of " + e.ids().length
                    + " tokens does not fit seq_len " + seqLen);
            if (packing) {
                List<SftExample> last = rows.isEmpty() ? null : rows.getLast();
                if (last == null || used(last) + e.inputLength() > seqLen) rows.add(last = new ArrayList<>());
                last.add(e);
            } else {
                rows.add(List.of(e));
                width = Math.max(width, e.inputLength());
            }
        }
        if (packing || !text.isEmpty()) width = seqLen;
        int b = rows.size() + text.size();
        int[] in = new int[b * width], tg = new int[b * width], pos = new int[b * width], doc = new int[b * width];
        Arrays.fill(in, padId);
        Arrays.fill(tg, TokenBatch.IGNORE);
        int nextDoc = 0;
        long counted = 0;
        for (int r = 0; r < rows.size(); r++) {
            int at = r * width;
            for (SftExample e : rows.get(r)) {
                int id = nextDoc++;
                int[] ids = e.ids();
                for (int i = 0; i < e.inputLength(); i++, at++) {
                    in[at] = ids[i];
                    if (e.answerMask()[i + 1]) {
                        tg[at] = ids[i + 1];
                        counted++;
                    }
                    pos[at] = i;
                    doc[at] = id;
                }
            }
            padRow(pos, doc, at, (r + 1) * width, nextDoc++);
        }
        for (int w = 0; w < text.size(); w++) {
            int r = rows.size() + w, base = r * width;
            int[] t = text.get(w).tokens(), starts = text.get(w).docStarts();
            int next = 0, begin = 0, id = nextDoc++;
            for (int i = 0; i < width; i++) {
                while (next < starts.length && starts[next] <= i) {
                    begin = starts[next++];
                    id = nextDoc++;
                }
                in[base + i] = t[i];
                tg[base + i] = t[i + 1];
                pos[base + i] = i - begin;
                doc[base + i] = id;
            }
            counted += width;
        }
        return new TokenBatch(in, tg, new SequenceLayout(b, width, pos, doc), counted);
    }

    private static int used(List<SftExample> row) {
        int n = 0;
        for (SftExample e : row) n += e.inputLength();
        return n;
    }

    // the padding after a row's last conversation: its own document, positions counting on from 0
    private static void padRow(int[] pos, int[] doc, int from, int to, int id) {
        for (int i = from; i < to; i++) {
            pos[i] = i - from;
            doc[i] = id;
        }
    }
}
