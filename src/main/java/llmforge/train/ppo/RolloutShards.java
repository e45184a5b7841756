package llmforge.train.ppo;

import llmforge.dist.DataParallel;

import java.util.ArrayList;
import java.util.List;

/**
 * A rollout collected by several ranks: rank r samples and scores the contiguous rows {@link #from}..{@link #to} of
 * the iteration's prompts (row numbers seed the sampling, so the rows are the ones one process would draw), then
 * every rank receives every row. The exchange is one all-reduce of a zero-filled buffer per kind of data, in which
 * each row is non-zero on its own rank only, so the values arrive exactly (x + 0 = x). Advantages, mini-batch order
 * and the KL controller then see the same whole rollout on every rank.
 */
final class RolloutShards {
    private static final int ROW_FIELDS = 4;   // length, stopped on EOS, raw score, score used

    private RolloutShards() {}

    /** First row of {@code rank} among {@code rows}. */
    static int from(int rows, int rank, int ranks) { return (int) ((long) rows * rank / ranks); }

    /** One past the last row of {@code rank}. */
    static int to(int rows, int rank, int ranks) { return from(rows, rank + 1, ranks); }

    /** The whole rollout over {@code prompts} on every rank, from each rank's {@code local} rows starting at {@code first}. */
    static Rollout gather(DataParallel dp, List<RlPrompt> prompts, Rollout local, int first) {
        if (!dp.distributed()) return local;
        int n = prompts.size(), mine = local.size();
        double[] rows = new double[n * ROW_FIELDS + 1];
        for (int i = 0; i < mine; i++) {
            int at = (first + i) * ROW_FIELDS;
            rows[at] = local.responses().get(i).length;
            rows[at + 1] = local.endedWithEos()[i] ? 1 : 0;
            rows[at + 2] = local.rawScores()[i];
            rows[at + 3] = local.scores()[i];
        }
        rows[n * ROW_FIELDS] = local.generationSeconds();
        dp.allReduceSum(rows);
        int[] length = new int[n], offset = new int[n + 1];
        for (int b = 0; b < n; b++) {
            length[b] = (int) rows[b * ROW_FIELDS];
            offset[b + 1] = offset[b] + length[b];
        }
        boolean values = local.values() != null;
        int kinds = values ? 6 : 5, tokens = offset[n];
        double[] perToken = new double[kinds * tokens];
        for (int i = 0; i < mine; i++) {
            int b = first + i;
            for (int t = 0; t < length[b]; t++) {
                int at = (offset[b] + t) * kinds;
                perToken[at] = local.responses().get(i)[t];
                perToken[at + 1] = local.oldLogProbs()[i][t];
                perToken[at + 2] = local.refLogProbs()[i][t];
                perToken[at + 3] = local.kl()[i][t];
                perToken[at + 4] = local.rewards()[i][t];
                if (values) perToken[at + 5] = local.values()[i][t];
            }
        }
        dp.allReduceSum(perToken);
        List<int[]> responses = new ArrayList<>(n);
        boolean[] eos = new boolean[n];
        float[] raw = new float[n], scores = new float[n];
        float[][] old = new float[n][], ref = new float[n][], kl = new float[n][], rewards = new float[n][], v = values ? new float[n][] : null;
        for (int b = 0; b < n; b++) {
            eos[b] = rows[b * ROW_FIELDS + 1] != 0;
            raw[b] = (float) rows[b * ROW_FIELDS + 2];
            scores[b] = (float) rows[b * ROW_FIELDS + 3];
            int[] ids = new int[length[b]];
            old[b] = new float[length[b]];
            ref[b] = new float[length[b]];
            kl[b] = new float[length[b]];
            rewards[b] = new float[length[b]];
            if (values) v[b] = new float[length[b]];
            for (int t = 0; t < length[b]; t++) {
                int at = (offset[b] + t) * kinds;
                ids[t] = (int) perToken[at];
                old[b][t] = (float) perToken[at + 1];
                ref[b][t] = (float) perToken[at + 2];
                kl[b][t] = (float) perToken[at + 3];
                rewards[b][t] = (float) perToken[at + 4];
                if (values) v[b][t] = (float) perToken[at + 5];
            }
            responses.add(ids);
        }
        Sequences s = Sequences.of(prompts.stream().map(RlPrompt::ids).toList(), responses);
        // ranks generate side by side: the rollout's generation time is their mean
        double seconds = rows[n * ROW_FIELDS] / dp.size();
        return new Rollout(prompts, responses, s, eos, raw, scores, old, ref, v, kl, rewards, seconds, tokens);
    }

    /** The rows of {@code miniBatch} this rank trains on: every {@code ranks}-th one, starting at its rank. */
    static int[] share(int[] miniBatch, int rank, int ranks) {
        int[] out = new int[Math.max(0, (miniBatch.length - rank + ranks - 1) / ranks)];
        for (int i = 0; i < out.length; i++) out[i] = miniBatch[rank + i * ranks];
        return out;
    }
}
