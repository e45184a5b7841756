package llmforge.train;

import com.fasterxml.jackson.databind.JsonNode;
import llmforge.autograd.Grad;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.dist.DataParallel;
import llmforge.dist.GradientSync;
import llmforge.io.UserException;
import llmforge.io.ProgressBar;
import llmforge.optim.AdamW;
import llmforge.optim.GradientClipping;
import llmforge.optim.Gradients;
import llmforge.optim.LrSchedule;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop every stage shares: per step it draws the stage's micro-batches, back-propagates each loss
 * with the step's total counted tokens as divisor (so accumulation equals one big batch), skips the update when
 * the loss or gradient is not finite, clips, steps AdamW on a warmup + decay schedule; it evaluates, samples,
 * checkpoints (atomically, keeping the last K), logs metrics, reports loss spikes (optionally rolling back) and
 * saves on Ctrl-C. A run is deterministic for its seed, and a resumed run continues bit-identically.
 *
 * <p>Launched by mpirun/srun ({@link DataParallel#world()}), each of N ranks runs micro-batches i·N + rank of every
 * step's {@code micro_batches} (the data position stays global, so a run resumes on any N that divides them), the
 * gradients are summed over ranks in buckets while the last backward runs, and rank 0 alone writes checkpoints,
 * metrics and output. Per-micro-batch losses are gathered and added in one fixed order, so every rank takes the
 * same decisions (non-finite skips, spikes, stops) as one process running all micro-batches.
 */
public final class Trainer<B> {
    private final Stage<B> stage;
    private final TrainerConfig cfg;
    private final Path output;
    private final JsonNode runConfig;
    private final PrintStream console;
    private final List<Parameter> params;
    private final AdamW opt;
    private final LrSchedule schedule;
    private final Checkpoints checkpoints;
    private final MetricsLog metrics;
    private final LossSpikeDetector spikes;
    private final DataParallel dp = DataParallel.world();
    private final GradientSync sync;   // null: one process
    private final List<Evaluation> evaluations = new ArrayList<>();
    private long step, skipped;
    private double lrFactor = 1;
    private int rollbacks;
    private long tokensSeen;
    private double trainSeconds;

    /**
     * One evaluation: validation loss (nats per counted token), perplexity, the stage's own validation metrics
     * (means per counted unit, e.g. MLM accuracy) and the samples made then.
     */
    public record Evaluation(long step, double valLoss, double perplexity, long tokens, Map<String, Double> metrics,
                             List<Stage.Sample> samples) {}

    /** How a run ended; {@code peakRssBytes}: this process's peak resident memory during the run (-1: unknown). */
    public record Result(long step, long skippedSteps, Optional<Evaluation> lastEvaluation, Optional<Path> lastCheckpoint,
                         double tokensPerSecond, boolean interrupted, long peakRssBytes) {}

    public Trainer(Stage<B> stage, TrainerConfig cfg, Path output, JsonNode runConfig, PrintStream console) {
        this.stage = stage;
        this.cfg = cfg;
        this.output = output;
        this.runConfig = runConfig;
        this.console = console;
        this.params = stage.parameters();
        this.opt = AdamW.create(params, cfg.adamW());
        this.schedule = cfg.schedule();
        this.checkpoints = new Checkpoints(output.resolve("checkpoints"), cfg.keepCheckpoints());
        this.metrics = new MetricsLog(output.resolve("metrics.jsonl"));
        this.spikes = new LossSpikeDetector(cfg.spikeFactor());
        this.sync = dp.distributed() ? dp.gradientSync(params) : null;
        if (cfg.recomputeActivations()) stage.recomputeActivations(true);
        if (cfg.microBatches() % dp.size() != 0) {
            throw new UserException("train.micro_batches is " + cfg.microBatches() + ", not a multiple of the " + dp.size()
                    + " ranks: each rank runs micro_batches / ranks of every step's micro-batches");
        }
    }

    public Checkpoints checkpoints() { return checkpoints; }

    public MetricsLog metrics() { return metrics; }

    public List<Evaluation> evaluations() { return List.copyOf(evaluations); }

    public long step() { return step; }

    public long skippedSteps() { return skipped; }

    /** Runs to {@code cfg.steps()} (from the latest checkpoint when {@code resume}), stopping early on {@code stop}. */
    public Result run(boolean resume, StopSignal stop) throws IOException {
        PeakMemory.reset();
        if (resume) {
            Path from = checkpoints.latest().orElseThrow(() -> new UserException(
                    "nothing to resume: " + checkpoints.root() + " holds no complete checkpoint"));
            restore(from, true);
            console.println("resumed from " + from + " at step " + step + (dp.distributed() ? " on " + dp.size() + " ranks" : ""));
        } else if (checkpoints.latest().isPresent()) {
            throw new UserException(checkpoints.root() + " already holds checkpoints (latest "
                    + checkpoints.latest().get().getFileName() + "); pass --resume to continue that run, or choose another output");
        }
        dp.broadcastParameters(params);   // every rank starts from rank 0's weights
        boolean interrupted = false;
        Path last = checkpoints.latest().orElse(null);
        long lastSaved = resume ? step : -1;
        try (ProgressBar bar = new ProgressBar("train", cfg.steps(), "steps")) {
            bar.update(step);
            while (step < cfg.steps()) {
                if (dp.anyRank(stop.requested())) {
                    interrupted = true;
                    break;
                }
                double loss = trainStep();
                boolean lastStep = step == cfg.steps();
                if (due(cfg.evalEvery(), lastStep)) evaluate();
                if (due(cfg.checkpointEvery(), lastStep)) {
                    last = save();
                    lastSaved = step;
                }
                bar.update(step, String.format(Locale.ROOT, "loss %.4f | lr %.2e | %.0f %s/s", loss,
                        schedule.lr(Math.max(0, step - 1)) * lrFactor, tokensPerSecond(), stage.countedUnit()));
            }
            if (interrupted && lastSaved != step) {
                last = save();
                console.println("\ninterrupted: saved " + last);
            }
        } finally {
            writeMetrics();
        }
        return new Result(step, skipped, evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.getLast()),
                Optional.ofNullable(last), tokensPerSecond(), interrupted, PeakMemory.bytes());
    }

    public double tokensPerSecond() { return trainSeconds > 0 ? tokensSeen / trainSeconds : 0; }

    private boolean due(int every, boolean lastStep) { return lastStep || (every > 0 && step % every == 0); }

    /**
     * One optimiser step over {@code microBatches} micro-batches (this rank's share of them); returns the step's loss.
     */
    private double trainStep() throws IOException {
        long t0 = System.nanoTime();
        opt.zeroGrad();
        int ranks = dp.size(), mine = cfg.microBatches() / ranks;
        long first = stage.dataPosition();
        List<B> batches = new ArrayList<>(mine);
        long tokens = 0;
        for (int i = 0; i < mine; i++) {
            stage.seekData(first + global(i));
            B b = stage.nextBatch();
            batches.add(b);
            tokens += stage.countedTokens(b);
        }
        stage.seekData(first + cfg.microBatches());
        tokens = dp.allReduceSum(tokens);
        Metrics m = new Metrics();
        double[] losses = new double[cfg.microBatches()];
        for (int i = 0; i < mine; i++) {
            stage.mode(true, dropoutSeed(global(i)));
            try (Tape tape = Tape.open()) {
                Tensor l = stage.loss(batches.get(i), (float) Math.max(tokens, 1), m);
                if (sync != null && i == mine - 1) tape.backward(l, sync.watched(), sync::ready);
                else tape.backward(l);
                losses[global(i)] = l.item();
            }
        }
        if (sync != null) sync.finish();
        dp.allReduceSum(losses);
        double loss = 0;
        for (double l : losses) loss += l;
        sumOverRanks(m);
        double lr = schedule.lr(step) * lrFactor;
        double norm = Double.NaN;
        boolean finite = tokens > 0 && Double.isFinite(loss);
        if (finite) {
            norm = cfg.gradClip() > 0 ? GradientClipping.clipGlobalNorm(params, cfg.gradClip()).norm() : Gradients.globalNorm(params);
            finite = Double.isFinite(norm);
        }
        if (finite) opt.step(lr);
        step++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        tokensSeen += tokens;
        trainSeconds += seconds;
        m.log("loss", loss);
        m.log("lr", lr);
        m.log("grad_norm", norm);
        m.log("tokens", tokens);
        m.log("tokens_per_s", tokens / seconds);
        metrics.add("train", step, m.values());
        if (!finite) {
            skipped++;
            metrics.event(step, "skipped_nonfinite", "loss " + loss + ", grad norm " + norm + ": update skipped (" + skipped + " so far)");
            console.printf(Locale.ROOT, "%nstep %d: non-finite loss or gradient (loss %s, grad norm %s): update skipped%n", step, loss, norm);
        } else if (spikes.observe(loss)) {
            onSpike(loss);
        }
        return loss;
    }

    /** The step's micro-batch number of this rank's {@code i}-th micro-batch. */
    private int global(int i) { return i * dp.size() + dp.rank(); }

    /** The stage's per-step numbers are shares of the step's totals, so the step's value is their sum over ranks. */
    private void sumOverRanks(Metrics m) {
        if (!dp.distributed()) return;
        List<String> names = m.values().keySet().stream().sorted().toList();
        double[] v = new double[names.size()];
        for (int i = 0; i < v.length; i++) v[i] = m.get(names.get(i));
        dp.allReduceSum(v);
        for (int i = 0; i < v.length; i++) m.log(names.get(i), v[i]);
    }

    private void writeMetrics() {
        if (dp.isRoot()) metrics.write();
    }

    private void onSpike(double loss) throws IOException {
        String what = String.format(Locale.ROOT, "loss %.4f is %.1fx the running mean %.4f", loss, loss / spikes.mean(), spikes.mean());
        metrics.event(step, "loss_spike", what);
        console.printf(Locale.ROOT, "%nstep %d: loss spike: %s%n", step, what);
        Optional<Path> good = checkpoints.latest();
        if (cfg.rollbackOnSpike() && rollbacks < cfg.maxRollbacks() && good.isPresent()) {
            long data = stage.dataPosition();
            restore(good.get(), false);
            stage.seekData(data);   // go on with fresh data: the batches that led here are not replayed
            rollbacks++;
            lrFactor *= cfg.rollbackLrFactor();
            dp.barrier();   // every rank has read the checkpoint before rank 0 may write the next one
            metrics.event(step, "rollback", "to " + good.get().getFileName() + ", lr factor now " + lrFactor);
            console.printf(Locale.ROOT, "rolled back to %s; learning rate x%.3g from now on%n", good.get(), lrFactor);
        }
    }

    /** Seed of one micro-batch's dropout: a function of the run seed and the position in the run only. */
    private long dropoutSeed(int micro) { return cfg.seed() * 0x9E3779B97F4A7C15L + step * cfg.microBatches() + micro; }

    /**
     * Validation loss and the stage's metrics over its fixed batches (no gradients, split over the ranks), plus rank
     * 0's samples.
     */
    public Evaluation evaluate() {
        List<B> val = stage.validationBatches();
        if (val.isEmpty()) return null;
        stage.mode(false, 0);
        double[] losses = new double[val.size()];
        long tokens = 0;
        Metrics m = new Metrics();   // a stage logs value × (counted / divisor): divisor 1 sums value × counted
        try (Grad.Scope g = Grad.off()) {
            for (int i = dp.rank(); i < val.size(); i += dp.size()) {
                try (Tape tape = Tape.open()) {
                    losses[i] = stage.loss(val.get(i), 1f, m).item();
                }
            }
            if (dp.rank() >= val.size()) {
                // no batch of its own: learn the names of the stage's metrics from batch 0, to add zeros to their sums
                Metrics names = new Metrics();
                try (Tape tape = Tape.open()) {
                    stage.loss(val.getFirst(), 1f, names);
                }
                for (String k : names.values().keySet()) m.add(k, 0.0);
            }
        }
        for (B b : val) tokens += stage.countedTokens(b);
        dp.allReduceSum(losses);
        double sum = 0;
        for (double l : losses) sum += l;
        double valLoss = sum / Math.max(tokens, 1);
        Map<String, Double> means = new LinkedHashMap<>();
        for (Map.Entry<String, Double> x : rankSums(m).entrySet()) means.put(x.getKey(), x.getValue() / Math.max(tokens, 1));
        List<Stage.Sample> samples = dp.isRoot() ? stage.samples() : List.of();
        Evaluation e = new Evaluation(step, valLoss, Math.exp(valLoss), tokens, Collections.unmodifiableMap(means), samples);
        evaluations.add(e);
        Map<String, Double> logged = new LinkedHashMap<>();
        logged.put("val_loss", valLoss);
        logged.put("val_perplexity", e.perplexity());
        means.forEach((k, v) -> logged.put("val_" + k, v));
        metrics.add("eval", step, logged);
        writeMetrics();
        StringBuilder extra = new StringBuilder();
        means.forEach((k, v) -> extra.append(String.format(Locale.ROOT, ", %s %.4f", k, v)));
        console.printf(Locale.ROOT, "%nstep %d: val loss %.4f, perplexity %.2f%s%n", step, valLoss, e.perplexity(), extra);
        for (Stage.Sample s : samples) console.println("  sample: " + (s.prompt() + s.completion()).replace("\n", " ⏎ "));
        return e;
    }

    /** The validation metrics summed over the ranks (every rank holds the same names: a stage always logs the same). */
    private Map<String, Double> rankSums(Metrics m) {
        if (dp.size() == 1) return m.values();
        List<String> keys = m.values().keySet().stream().sorted().toList();
        double[] v = keys.stream().mapToDouble(m.values()::get).toArray();
        dp.allReduceSum(v);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) sums.put(keys.get(i), v[i]);
        return sums;
    }

    /** Rank 0 writes the checkpoint (the others return null): all ranks hold the same weights and state. */
    private Path save() throws IOException {
        if (!dp.isRoot()) return null;
        TrainerCheckpoint state = new TrainerCheckpoint(step, stage.dataPosition(), cfg.seed(), skipped, lrFactor,
                rollbacks, spikes.mean(), spikes.count(), runConfig);
        Path dir = checkpoints.save(step, tmp -> {
            stage.saveModel(tmp);
            state.write(tmp, opt);
        });
        writeMetrics();
        return dir;
    }

    /** Loads a checkpoint's weights, optimiser and loop state (the data position too when {@code withData}). */
    private void restore(Path dir, boolean withData) throws IOException {
        TrainerCheckpoint s = TrainerCheckpoint.read(dir);
        if (s.seed() != cfg.seed()) {
            throw new UserException(dir + ": checkpoint was trained with seed " + s.seed() + ", the config says "
                    + cfg.seed() + "; resuming with another seed would not continue the same run");
        }
        stage.loadModel(dir);
        TrainerCheckpoint.loadOptimizer(dir, opt);
        step = s.step();
        skipped = s.skippedSteps();
        lrFactor = s.lrFactor();
        rollbacks = Math.max(rollbacks, s.rollbacks());
        spikes.restore(s.lossMean(), s.lossCount());
        if (withData) {
            stage.seekData(s.dataPosition());
            metrics.reload(step);
        }
    }
}
