package llmforge.train.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.align.AlignmentJsonl;
import llmforge.io.UserException;
import llmforge.model.RewardModel;
import llmforge.train.AnswerEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a JSONL file with a reward model. The kind is read from the first record: {@code responses} → rankings
 * (adds {@code rewards}), {@code chosen} → pairs (adds {@code reward_chosen}, {@code reward_rejected}), otherwise
 * {@code {prompt, response}} (adds {@code reward}). Rankings and pairs also give the pairwise accuracy.
 */
public final class RewardScoring {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RewardScoring() {}

    public record Scored(List<ObjectNode> lines, String kind, double meanReward, long pairs, long correct) {
        public ObjectNode summary(Path output) {
            ObjectNode n = JSON.createObjectNode().put("output", output.toString()).put("kind", kind).put("records", lines.size())
                    .put("mean_reward", meanReward);
            if (pairs > 0) n.put("pairs", pairs).put("correct", correct).put("accuracy", correct / (double) pairs);
            return n;
        }
    }

    public static Scored score(RewardModel model, AnswerEncoder enc, Path input) throws IOException {
        List<ObjectNode> raw = rawLines(input);
        if (raw.isEmpty()) throw new UserException(input + ": no records");
        JsonNode first = raw.getFirst();
        List<int[]> seqs = new ArrayList<>();
        String kind;
        List<AlignmentJsonl.Ranked> ranked = null;
        if (first.has("responses")) {
            kind = "rankings";
            ranked = AlignmentJsonl.readRankings(input);
            for (var r : ranked) seqs.addAll(RankingData.encode(r, enc).sequences());
        } else if (first.has("chosen")) {
            kind = "pairs";
            for (var p : AlignmentJsonl.readPairs(input)) {
                int[] prompt = enc.prompt(p.prompt());
                seqs.add(enc.encode(prompt, p.chosen()).ids());
                seqs.add(enc.encode(prompt, p.rejected()).ids());
            }
        } else {
            kind = "responses";
            for (var a : AlignmentJsonl.readAnswered(input)) seqs.add(enc.encode(a.prompt(), a.response()).ids());
        }
        int max = model.decoder().config().maxSeqLen();
        for (int i = 0; i < seqs.size(); i++) {
            if (seqs.get(i).length > max) {  // keep the answer and the end of the prompt: the reward is read at the end
                int[] s = seqs.get(i);
                seqs.set(i, java.util.Arrays.copyOfRange(s, s.length - max, s.length));
            }
        }
        float[] r = model.score(seqs);
        double sum = 0;
        for (float x : r) sum += x;
        long pairs = 0, correct = 0;
        int at = 0;
        for (int i = 0; i < raw.size(); i++) {
            ObjectNode n = raw.get(i);
            switch (kind) {
                case "rankings" -> {
                    var rk = ranked.get(i);
                    var arr = n.putArray("rewards");
                    for (int k = 0; k < rk.responses().size(); k++) arr.add(r[at + k]);
                    for (int[] p : RankingGroup.pairs(rk.ranking())) {
                        pairs++;
                        if (r[at + p[0]] > r[at + p[1]]) correct++;
                    }
                    at += rk.responses().size();
                }
                case "pairs" -> {
                    n.put("reward_chosen", r[at]).put("reward_rejected", r[at + 1]);
                    pairs++;
                    if (r[at] > r[at + 1]) correct++;
                    at += 2;
                }
                default -> n.put("reward", r[at++]);
            }
        }
        return new Scored(raw, kind, sum / r.length, pairs, correct);
    }

    private static List<ObjectNode> rawLines(Path input) throws IOException {
        if (!Files.isRegularFile(input)) throw new UserException(input + " does not exist");
        List<ObjectNode> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(input)) {
            n++;
            if (line.isBlank()) continue;
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (IOException e) {
                throw new UserException(input + ":" + n + ": not valid JSON");
            }
            if (!(o instanceof ObjectNode obj)) throw new UserException(input + ":" + n + ": expected a JSON object");
            out.add(obj);
        }
        return out;
    }
}
