package llmforge.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.SafetensorsFile;
import llmforge.nn.Init;
import llmforge.nn.Module;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reward model: the decoder with a scalar head ({@code score.weight}, (1, C), no bias — HF's
 * *ForSequenceClassification with one label) read at the last real token of each sequence (for prompt + answer
 * that is the answer's closing end-of-turn). Saved as an HF directory whose config names the classification
 * architecture; {@code reward_stats.json} beside it holds the normalisation statistics.
 */
public final class RewardModel extends Module {
    public static final String HEAD = "score.weight";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCORE_BATCH = 16;

    private final Decoder decoder;
    private final Parameter head;
    private RewardStats stats;

    /** A fresh head on {@code decoder}: tiny weights, so rewards start near 0 and the pair losses near log 2. */
    public RewardModel(Decoder decoder, long seed) {
        this.head = parameter(HEAD, 1, decoder.config().dModel());
        this.decoder = child(decoder);
        Init.normal(head, seed, 1e-3 / Math.sqrt(decoder.config().dModel()));
    }

    public Decoder decoder() { return decoder; }

    public Parameter head() { return head; }

    /** Normalisation statistics (null until computed or loaded). */
    public RewardStats stats() { return stats; }

    public void stats(RewardStats s) { stats = s; }

    public void train(boolean on) { decoder.train(on); }

    public void dropoutSeed(long s) { decoder.dropoutSeed(s); }

    // ids (B*T) -> rewards (B), read at the flat positions lastIndex[b] of the hidden states
    public Tensor rewards(int[] ids, SequenceLayout layout, int[] lastIndex) {
        Tensor h = Ops.reshape(decoder.hidden(ids, layout), layout.batch() * layout.seq(), decoder.config().dModel());
        Tensor[] rows = new Tensor[lastIndex.length];
        for (int b = 0; b < rows.length; b++) rows[b] = Ops.reshape(Ops.select0(h, lastIndex[b]), 1, h.dim(1));
        Tensor picked = rows.length == 1 ? rows[0] : Ops.concat(0, rows);
        return Ops.reshape(Ops.linear(picked, head.value(), null), lastIndex.length);
    }

    /** Rewards of whole sequences (no padding in them), in batches; inference only. */
    public float[] score(List<int[]> sequences) {
        float[] out = new float[sequences.size()];
        for (int from = 0; from < sequences.size(); from += SCORE_BATCH) {
            List<int[]> chunk = sequences.subList(from, Math.min(sequences.size(), from + SCORE_BATCH));
            int t = chunk.stream().mapToInt(s -> s.length).max().orElse(1);
            int[] ids = new int[chunk.size() * t];
            boolean[] valid = new boolean[ids.length];
            for (int r = 0; r < chunk.size(); r++) {
                System.arraycopy(chunk.get(r), 0, ids, r * t, chunk.get(r).length);
                Arrays.fill(valid, r * t, r * t + chunk.get(r).length, true);
            }
            System.arraycopy(scorePadded(ids, chunk.size(), t, valid), 0, out, from, chunk.size());
        }
        return out;
    }

    /**
     * Rewards of a padded batch (rows × seq, {@code valid} marks real tokens): left padding, right padding or both.
     * Padding is kept out of attention with document ids and positions restart at each row's first real token, so a
     * row scores as it would alone.
     */
    public float[] scorePadded(int[] ids, int rows, int seq, boolean[] valid) {
        int[] positions = new int[rows * seq], docs = new int[rows * seq], last = new int[rows];
        for (int r = 0; r < rows; r++) {
            int first = -1, end = -1, p = 0;
            for (int t = 0; t < seq; t++) {
                int i = r * seq + t;
                if (valid[i]) {
                    if (end >= 0) throw new IllegalArgumentException("row " + r + " has padding between real tokens");
                    if (first < 0) first = t;
                    positions[i] = p++;
                    last[r] = i;
                } else if (first >= 0 && end < 0) {
                    end = t;
                }
                // leading pads, the real run and trailing pads are three separate "documents"
                docs[i] = valid[i] ? 0 : first < 0 ? -1 : -2;
            }
            if (first < 0) throw new IllegalArgumentException("row " + r + " has no real token to score");
        }
        decoder.train(false);
        try (Grad.Scope g = Grad.off(); Tape tape = Tape.open()) {
            return rewards(ids, new SequenceLayout(rows, seq, positions, docs), last).toFloatArray();
        }
    }

    /** Writes weights (decoder + {@code score.weight}), a sequence-classification config.json and the stats. */
    public void save(Path dir, int bosId, int eosId, int padId) throws IOException {
        HfModelDirectory.save(decoder, dir, bosId, eosId, Map.of(HEAD, head.value()));
        Path cfg = dir.resolve("config.json");
        ObjectNode n = (ObjectNode) JSON.readTree(cfg.toFile());
        n.putArray("architectures").add(decoder.config().isGpt2() ? "GPT2ForSequenceClassification" : "LlamaForSequenceClassification");
        n.put("num_labels", 1);
        n.put("pad_token_id", padId);
        n.putObject("id2label").put("0", "LABEL_0");
        n.putObject("label2id").put("LABEL_0", 0);
        AtomicFiles.writeString(cfg, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        if (stats != null) stats.write(dir);
    }

    /** Loads a directory written by {@link #save}: decoder weights, the head and (when present) the stats. */
    public static RewardModel load(Path dir) throws IOException {
        RewardModel m = new RewardModel(new Decoder(HfModelDirectory.readConfig(dir), 0), 0);
        m.loadWeights(dir);
        m.stats = RewardStats.read(dir);
        return m;
    }

    /** Copies a saved reward model's weights into this one, checking names and shapes. */
    public void loadWeights(Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        HfModelDirectory.loadWeights(decoder, dir, Set.of(HEAD));
        SafetensorsFile f = SafetensorsFile.open(file);
        if (!f.has(HEAD)) throw new UserException(file + ": no '" + HEAD + "' tensor: not a reward model (train one with llmforge reward train)");
        int[] shape = f.entries().get(HEAD).shape();
        if (!Arrays.equals(shape, head.shape())) {
            throw new UserException(file + ": '" + HEAD + "' has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(head.shape()));
        }
        head.value().copyFrom(f.tensor(HEAD));
    }
}
