package llmforge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mean and standard deviation of a reward model's scores over a reference set (its training answers), stored as
 * {@code reward_stats.json} beside the weights so PPO can normalise rewards the same way in every run.
 */
public record RewardStats(double mean, double std, long count) {
    public static final String FILE = "reward_stats.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RewardStats of(float[] rewards) {
        double sum = 0, sq = 0;
        for (float r : rewards) sum += r;
        double mean = rewards.length == 0 ? 0 : sum / rewards.length;
        for (float r : rewards) sq += (r - mean) * (r - mean);
        return new RewardStats(mean, rewards.length < 2 ? 1 : Math.sqrt(sq / (rewards.length - 1)), rewards.length);
    }

    /** (r - mean) / std. */
    public double normalize(double reward) { return (reward - mean) / (std > 0 ? std : 1); }

    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                JSON.createObjectNode().put("mean", mean).put("std", std).put("count", count)));
    }

    /** The stats saved in {@code dir}, or null when it has none. */
    public static RewardStats read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        JsonNode n;
        try {
            n = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UserException(f + ": not valid JSON: " + e.getMessage());
        }
        for (String k : new String[] {"mean", "std", "count"}) {
            if (!n.path(k).isNumber()) throw new UserException(f + ": key '" + k + "' must be a number");
        }
        return new RewardStats(n.get("mean").asDouble(), n.get("std").asDouble(), n.get("count").asLong());
    }
}
