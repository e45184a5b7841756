package llmforge.train.ppo;

import llmforge.io.AtomicFiles;
import llmforge.train.MetricsLog;
import llmforge.train.PeakMemory;
import llmforge.train.RunReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The RL run's HTML report: summary, time split, the per-iteration curves and guard events. */
public final class RlReport {
    private RlReport() {}

    public static void write(Path file, PpoConfig cfg, PpoTrainer.Result r, MetricsLog m) throws IOException {
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>RLHF run</title>"
                + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}td,th{padding:2px 8px;text-align:left}img{max-width:100%}</style></head><body>");
        h.append("<h1>RLHF (").append(cfg.algorithm()).append(")</h1><table>");
        row(h, "iterations", r.iterations() + (r.interrupted() ? " (interrupted)" : ""));
        row(h, "rollouts per iteration", Integer.toString(cfg.rolloutSize()));
        row(h, "time in rollouts", String.format(Locale.ROOT, "%.1f%% (the rest: PPO updates)", 100 * r.rolloutShare()));
        row(h, "rollout throughput", String.format(Locale.ROOT, "%.0f generated tokens/s (KV cache, batched)", r.rolloutTokensPerSecond()));
        row(h, "peak memory (resident, rank 0)", PeakMemory.describe(r.peakRssBytes()));
        if (r.lastCheckpoint() != null) row(h, "last checkpoint", r.lastCheckpoint().toString());
        h.append("</table><h2>Curves</h2>");
        chart(h, m, "Reward and gold score (rollouts)", "score", "train", "reward", "gold");
        chart(h, m, "Held-out reward and gold score (greedy)", "score", "eval", "eval_reward", "eval_gold");
        chart(h, m, "KL to the reference (per sequence) and β", "nats", "train", "kl", "beta");
        chart(h, m, "Policy entropy", "nats/token", "train", "entropy");
        chart(h, m, "Clip fraction and policy drift", "share", "train", "clip_fraction", "approx_kl");
        chart(h, m, "Losses", "loss", "train", "policy_loss", "value_loss", "ptx_loss");
        chart(h, m, "Response length", "tokens", "train", "response_length");
        chart(h, m, "Refusal rates (held-out)", "share", "eval", "refusal_rate_harmful", "refusal_rate_benign");
        chart(h, m, "Validation perplexity of pretraining text", "perplexity", "eval", "val_perplexity");
        chart(h, m, "Rollout throughput", "tokens/s", "train", "rollout_tokens_per_s");
        List<String> events = m.records().stream().filter(n -> n.path("type").asText().equals("event"))
                .map(n -> "iteration " + n.path("step").asLong() + ": " + n.path("event").asText() + " — " + n.path("detail").asText()).toList();
        h.append("<h2>Events (reward hacking, collapse, early stops)</h2><ul>");
        if (events.isEmpty()) h.append("<li>none</li>");
        for (String e : events) h.append("<li>").append(RunReport.esc(e)).append("</li>");
        h.append("</ul></body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    private static void chart(StringBuilder h, MetricsLog m, String title, String y, String type, String... keys) throws IOException {
        RunReport.Series[] s = new RunReport.Series[keys.length];
        for (int i = 0; i < keys.length; i++) s[i] = new RunReport.Series(keys[i], m.series(type, keys[i]));
        RunReport.chart(h, title, y, s);
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(RunReport.esc(k)).append("</th><td>").append(RunReport.esc(v)).append("</td></tr>");
    }
}
