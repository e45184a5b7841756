package llmforge.generate;

import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;

import java.util.Arrays;

/**
 * Logits without a cache: every step runs the model's training forward over the whole sequence so far. The
 * baseline the KV cache is measured and tested against. Left padding is expressed with the document mask (the
 * padding is one document, the real tokens another) and positions restarting at the first real token. A model
 * with dropout must be in eval mode ({@code train(false)}).
 */
final class RecomputedLogits implements LogitsSource {
    private final Decoder model;
    private final int batch;
    private final int[] padding;
    private int[][] rows;
    private int length;

    RecomputedLogits(Decoder model, int batch, int[] padding) {
        this.model = model;
        this.batch = batch;
        this.padding = padding.clone();
    }

    @Override public float[][] prefill(int[] paddedIds, int promptLength) {
        rows = new int[batch][];
        for (int b = 0; b < batch; b++) rows[b] = Arrays.copyOfRange(paddedIds, b * promptLength, (b + 1) * promptLength);
        length = promptLength;
        return forward();
    }

    @Override public float[][] step(int[] nextIds) {
        for (int b = 0; b < batch; b++) {
            rows[b] = Arrays.copyOf(rows[b], length + 1);
            rows[b][length] = nextIds[b];
        }
        length++;
        return forward();
    }

    private float[][] forward() {
        int t = length;
        int[] ids = new int[batch * t], pos = new int[batch * t], docs = new int[batch * t];
        boolean padded = false;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows[b], 0, ids, b * t, t);
            for (int i = 0; i < t; i++) {
                pos[b * t + i] = Math.max(0, i - padding[b]);
                docs[b * t + i] = i < padding[b] ? 0 : 1;
            }
            padded |= padding[b] > 0;
        }
        try (var g = Grad.off(); var scope = MemoryScope.open()) {
            Tensor hidden = model.hidden(ids, new SequenceLayout(batch, t, pos, padded ? docs : null));
            Tensor last = Ops.slice(hidden, 1, t - 1, t);
            return LogitsSource.rows(model.logits(last).toFloatArray(), batch);
        }
    }
}
