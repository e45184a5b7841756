package llmforge.pipeline;

import llmforge.train.MetricsLog;
import llmforge.train.RunReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The curves each training stage logged (its metrics.jsonl), drawn for the pipeline report. */
final class StageCurves {
    /** One chart: its title, y axis and series as {@code type:key} of the metrics records ({@code train:loss}, {@code eval:val_loss}). */
    private record Chart(String title, String yAxis, List<String> series) {}

    private static final Chart LOSS = new Chart("Loss", "nats/token", List.of("train:loss", "eval:val_loss"));
    private static final Chart GRAD = new Chart("Gradient norm (before clipping)", "norm", List.of("train:grad_norm"));
    private static final Map<String, List<Chart>> CHARTS = Map.of(
            StageNames.PRETRAIN, List.of(LOSS, GRAD, new Chart("Learning rate", "lr", List.of("train:lr"))),
            StageNames.SFT, List.of(new Chart("Loss (answer tokens)", "nats/token", List.of("train:loss", "eval:val_loss")), GRAD),
            StageNames.REWARD, List.of(new Chart("Loss (Bradley–Terry)", "loss", List.of("train:loss", "eval:val_loss")),
                    new Chart("Pair accuracy and margin (training batches)", "", List.of("train:accuracy", "train:margin"))),
            StageNames.DPO, List.of(new Chart("Loss", "loss", List.of("train:loss", "eval:val_loss")),
                    new Chart("Implicit rewards β·log(π/π_ref)", "nats", List.of("train:rewards/chosen", "train:rewards/rejected", "train:rewards/margin")),
                    new Chart("Implicit reward accuracy", "share", List.of("train:rewards/accuracy"))),
            StageNames.PPO, List.of(new Chart("Reward-model score and gold score (rollouts)", "score", List.of("train:reward", "train:gold")),
                    new Chart("Held-out reward and gold score (greedy)", "score", List.of("eval:eval_reward", "eval:eval_gold")),
                    new Chart("KL to the SFT model (per answer) and β", "nats", List.of("train:kl", "train:beta")),
                    new Chart("Entropy and diversity of the rollouts", "", List.of("train:entropy", "train:diversity")),
                    new Chart("Answer length", "tokens", List.of("train:response_length")),
                    new Chart("Pretraining-text perplexity", "perplexity", List.of("eval:val_perplexity"))));

    private StageCurves() {}

    static boolean hasCurves(String stage) { return CHARTS.containsKey(stage); }

    /** The stage's metrics, or null when it logged none. */
    static MetricsLog metrics(Path stageDir) throws IOException {
        Path file = stageDir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(file)) return null;
        MetricsLog m = new MetricsLog(file);
        m.reload(Long.MAX_VALUE);
        return m;
    }

    static void draw(StringBuilder h, String stage, MetricsLog m) throws IOException {
        for (Chart c : CHARTS.getOrDefault(stage, List.of())) {
            RunReport.Series[] series = c.series().stream().map(s -> {
                String[] tk = s.split(":", 2);
                return new RunReport.Series(tk[1], m.series(tk[0], tk[1]));
            }).toArray(RunReport.Series[]::new);
            RunReport.chart(h, stage + ": " + c.title(), c.yAxis(), series);
        }
    }
}
