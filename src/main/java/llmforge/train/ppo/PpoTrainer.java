package llmforge.train.ppo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.dist.DataParallel;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.io.ProgressBar;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.model.HfModelDirectory;
import llmforge.optim.AdamW;
import llmforge.optim.GradientClipping;
import llmforge.optim.Gradients;
import llmforge.optim.LrSchedule;
import llmforge.optim.OptimizerState;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;
import llmforge.train.Checkpoints;
import llmforge.train.MetricsLog;
import llmforge.train.PeakMemory;
import llmforge.train.StopSignal;
import llmforge.train.TokenBatch;
import llmforge.train.TokenWindows;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The RL loop. The shared {@code Trainer} draws supervised micro-batches and steps once per batch; PPO alternates
 * a rollout phase (sampling, scoring) with several epochs of mini-batch updates over that fixed experience, and
 * carries state the supervised loop has no place for (β, the guards), so it has its own loop built from the same
 * parts: {@link Checkpoints}, {@link MetricsLog}, {@link ProgressBar}, AdamW, global-norm clipping, the LR schedule.
 * Every draw (prompt choice, sampling, mini-batch order, ptx windows) is a pure function of (seed, iteration), so a
 * resumed run continues exactly.
 *
 * <p>Under mpirun/srun each rank collects a share of the rollout's rows and receives the others' ({@link RolloutShards}),
 * then trains on its share of every mini-batch with the mini-batch's whole token count as divisor; gradients and the
 * mini-batch statistics (so the early stop too) are summed over ranks, and rank 0 alone evaluates and writes.
 */
public final class PpoTrainer {
    static final String VALUE_FILE = "value_model.safetensors", OPTIMIZER_FILE = "optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PpoConfig cfg;
    private final PpoSetup s;
    private final Path output;
    private final JsonNode runConfig;
    private final PrintStream console;
    private final List<Parameter> params;
    private final AdamW opt;
    private final LrSchedule schedule;
    private final Checkpoints checkpoints;
    private final MetricsLog metrics;
    private final RlGuards guards;
    private final KlController kl;
    private final RolloutCollector collector;
    private final TokenWindows ptxWindows;
    private final DataParallel dp = DataParallel.world();
    private long iteration;
    private double rolloutSeconds, updateSeconds;
    private boolean warnedCut;

    /** How a run ended. */
    public record Result(long iterations, boolean interrupted, Path lastCheckpoint, double rolloutShare, double rolloutTokensPerSecond,
                         long peakRssBytes) {}

    public PpoTrainer(PpoConfig cfg, PpoSetup setup, Path output, JsonNode runConfig, PrintStream console) {
        this.cfg = cfg;
        this.s = setup;
        this.output = output;
        this.runConfig = runConfig;
        this.console = console;
        if (setup.lora() != null) setup.lora().mode(false, 0);   // no adapter dropout in RL either
        else if (cfg.frozenBf16()) setup.reference().freezeAsBf16();
        else for (Parameter p : setup.reference().parameters()) p.trainable(false);
        if (cfg.train().recomputeActivations()) {
            setup.policy().recomputeActivations(true);
            if (setup.value() != null) setup.value().recomputeActivations(true);
        }
        List<Parameter> ps = new ArrayList<>(setup.lora() != null ? setup.lora().parameters() : setup.policy().parameters());
        if (setup.value() != null) ps.addAll(setup.value().parameters());
        this.params = List.copyOf(ps);
        this.opt = AdamW.create(params, cfg.train().adamW());
        this.schedule = cfg.train().schedule();
        this.checkpoints = new Checkpoints(output.resolve("checkpoints"), cfg.train().keepCheckpoints());
        this.metrics = new MetricsLog(output.resolve("metrics.jsonl"));
        this.guards = new RlGuards(cfg.hackingWindow(), cfg.minEntropy(), cfg.minDiversity());
        this.kl = new KlController(cfg.klBeta(), cfg.klTarget(), cfg.klHorizon());
        this.collector = new RolloutCollector(setup.policy(), setup.reference(), setup.lora() == null ? null : setup.lora().lora(),
                setup.value(), setup.reward(), cfg, setup.eosIds());
        this.ptxWindows = new TokenWindows(cfg.miniBatch(), cfg.ptxSeqLen(), true);
        if (cfg.rolloutSize() < dp.size()) {
            throw new UserException("prompts_per_iteration x samples_per_prompt = " + cfg.rolloutSize() + " rollouts per iteration, fewer than the "
                    + dp.size() + " ranks that share them");
        }
    }

    public MetricsLog metrics() { return metrics; }

    public Checkpoints checkpoints() { return checkpoints; }

    public double beta() { return kl.beta(); }

    public Result run(boolean resume, StopSignal stop) throws IOException {
        PeakMemory.reset();
        if (resume) {
            Path from = checkpoints.latest().orElseThrow(() -> new UserException("nothing to resume: " + checkpoints.root() + " holds no complete checkpoint"));
            restore(from);
            console.println("resumed from " + from + " at iteration " + iteration + (dp.distributed() ? " on " + dp.size() + " ranks" : ""));
        } else if (checkpoints.latest().isPresent()) {
            throw new UserException(checkpoints.root() + " already holds checkpoints; pass --resume to continue that run, or choose another output");
        }
        dp.broadcastParameters(params);   // every rank starts from rank 0's weights
        int steps = cfg.train().steps();
        boolean interrupted = false;
        Path last = checkpoints.latest().orElse(null);
        long tokens = 0;
        double genSeconds = 0;
        try (ProgressBar bar = new ProgressBar(cfg.algorithm(), steps, "iterations")) {
            bar.update(iteration);
            if (iteration == 0) evaluate();
            while (iteration < steps) {
                if (dp.anyRank(stop.requested())) {
                    interrupted = true;
                    break;
                }
                Map<String, Double> m = iterate();
                // every rollout has its own prompt and answer widths, so last iteration's pooled buffers never fit again
                MemoryScope.releasePool();
                tokens += m.get("rollout_tokens").longValue();
                genSeconds += m.get("generation_seconds");
                boolean lastStep = iteration == steps;
                if (lastStep || (cfg.train().evalEvery() > 0 && iteration % cfg.train().evalEvery() == 0)) evaluate();
                if (lastStep || (cfg.train().checkpointEvery() > 0 && iteration % cfg.train().checkpointEvery() == 0)) last = save();
                bar.update(iteration, String.format(Locale.ROOT, "reward %.3f | kl %.3f | β %.3g", m.get("reward"), m.get("kl"), kl.beta()));
            }
            if (interrupted) last = save();
        } finally {
            writeMetrics();
        }
        double total = rolloutSeconds + updateSeconds;
        return new Result(iteration, interrupted, last, total > 0 ? rolloutSeconds / total : 0, genSeconds > 0 ? tokens / genSeconds : 0,
                PeakMemory.bytes());
    }

    /** One iteration: rollout, advantages, PPO epochs, β update, metrics and guards. */
    Map<String, Double> iterate() {
        long t0 = System.nanoTime();
        List<RlPrompt> prompts = promptsFor(iteration);
        double beta = kl.beta();
        int from = RolloutShards.from(prompts.size(), dp.rank(), dp.size()), to = RolloutShards.to(prompts.size(), dp.rank(), dp.size());
        Rollout mine = collector.collect(prompts.subList(from, to), from, mix(cfg.train().seed(), iteration, 1), beta);
        Rollout r = RolloutShards.gather(dp, prompts, mine, from);
        float[] gold = s.gold().score(r.prompts(), r.responses());
        float[][][] ar = advantages(r);
        long t1 = System.nanoTime();
        Map<String, Double> u = update(r, ar[0], ar[1]);
        long t2 = System.nanoTime();
        double seqKl = r.meanSequenceKl();
        kl.update(seqKl, r.size());
        iteration++;
        double roll = (t1 - t0) / 1e9, upd = (t2 - t1) / 1e9;
        rolloutSeconds += roll;
        updateSeconds += upd;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward", mean(r.rawScores()));
        m.put("reward_used", mean(r.scores()));
        m.put("gold", mean(gold));
        m.put("kl", seqKl);
        m.put("beta", beta);
        m.putAll(u);
        m.put("response_length", (double) r.generatedTokens() / r.size());
        m.put("eos_rate", share(r.endedWithEos()));
        m.put("diversity", diversity(r.responses()));
        m.put("lr", schedule.lr(iteration - 1));
        m.put("rollout_seconds", roll);
        m.put("update_seconds", upd);
        m.put("rollout_share", roll / (roll + upd));
        m.put("generation_seconds", r.generationSeconds());
        m.put("rollout_tokens", (double) r.generatedTokens());
        m.put("rollout_tokens_per_s", r.generatedTokens() / r.generationSeconds());
        metrics.add("train", iteration, m);
        warnIfCut(m.get("eos_rate"));
        for (RlGuards.Flag f : guards.observe(m.get("reward"), m.get("gold"), m.get("entropy"), m.get("diversity"))) {
            metrics.event(iteration, f.event(), f.detail());
            console.printf(Locale.ROOT, "%niteration %d: %s: %s%n", iteration, f.event(), f.detail());
        }
        return m;
    }

    /**
     * Once per run: many answers without end-of-turn usually means max_new_tokens cuts answers that would have ended,
     * and the missing-end-of-turn penalty then punishes the longest right answers (long refusals first).
     */
    private void warnIfCut(double eosRate) {
        if (warnedCut || eosRate >= 0.9) return;
        warnedCut = true;
        console.printf(Locale.ROOT, "%nwarning: %.0f%% of iteration %d's answers did not end their turn within max_new_tokens %d "
                + "and took missing_eos_penalty; unless they are loops, raise max_new_tokens%n", 100 * (1 - eosRate), iteration, cfg.maxNewTokens());
    }

    /** {advantages, returns} by the configured estimator; returns null unless PPO. */
    private float[][][] advantages(Rollout r) {
        int[] len = r.sequences().lengths();
        int width = r.sequences().width();
        return switch (cfg.algorithmKind()) {
            case PPO -> {
                float[][] adv = Advantages.gae(r.rewards(), r.values(), len, cfg.gamma(), cfg.lambda());
                float[][] ret = Advantages.returns(adv, r.values(), len);
                yield new float[][][] {cfg.whitenAdvantages() ? Advantages.whiten(adv, len) : adv, ret};
            }
            case GRPO -> new float[][][] {Advantages.grpo(r.sequenceRewards(), cfg.samplesPerPrompt(), len, width), null};
            case RLOO -> new float[][][] {Advantages.rloo(r.sequenceRewards(), cfg.samplesPerPrompt(), len, width), null};
        };
    }

    /** PPO epochs over the rollout in shuffled mini-batches; one optimiser step per mini-batch. */
    private Map<String, Double> update(Rollout r, float[][] adv, float[][] ret) {
        double lr = schedule.lr(iteration);
        int n = r.size(), updates = 0;
        double pg = 0, vf = 0, ent = 0, clipFrac = 0, approx = 0, ptx = 0, norm = 0;
        boolean stopped = false;
        for (int epoch = 0; epoch < cfg.ppoEpochs() && !stopped; epoch++) {
            int[] order = permutation(n, new SplittableRandom(mix(cfg.train().seed(), iteration, 100 + epoch)));
            for (int from = 0; from < n && !stopped; from += cfg.miniBatch()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + cfg.miniBatch()));
                MiniBatchStats st = miniBatch(r, adv, ret, rows, mix(cfg.train().seed(), iteration, 10_000 + updates));
                dp.allReduceGradients(params);
                norm += cfg.train().gradClip() > 0 ? GradientClipping.clipGlobalNorm(params, cfg.train().gradClip()).norm() : Gradients.globalNorm(params);
                opt.step(lr);
                updates++;
                pg += st.policyLoss;
                vf += st.valueLoss;
                ent += st.entropy;
                clipFrac += st.clipFraction;
                approx += st.approxKl;
                ptx += st.ptxLoss;
                if (cfg.earlyStopKl() > 0 && st.approxKl > cfg.earlyStopKl()) {
                    stopped = true;
                    metrics.event(iteration + 1, "early_stop", String.format(Locale.ROOT,
                            "policy drifted %.4f > early_stop_kl %.4f from the rollout policy after %d updates", st.approxKl, cfg.earlyStopKl(), updates));
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy_loss", pg / updates);
        if (s.value() != null) m.put("value_loss", vf / updates);
        m.put("entropy", ent / updates);
        m.put("clip_fraction", clipFrac / updates);
        m.put("approx_kl", approx / updates);
        if (cfg.ptxCoef() > 0) m.put("ptx_loss", ptx / updates);
        m.put("grad_norm", norm / updates);
        m.put("updates", (double) updates);
        return m;
    }

    private record MiniBatchStats(double policyLoss, double valueLoss, double entropy, double clipFraction, double approxKl, double ptxLoss) {}

    /**
     * Back-propagates this rank's share of mini-batch {@code miniBatch} (its losses divided by the whole mini-batch's
     * response tokens) and returns the mini-batch's statistics summed over ranks. Rank 0 also adds the ptx loss.
     */
    private MiniBatchStats miniBatch(Rollout r, float[][] adv, float[][] ret, int[] miniBatch, long ptxIndex) {
        long responseTokens = 0;
        for (int row : miniBatch) responseTokens += r.sequences().lengths()[row];
        float tokens = Math.max((float) responseTokens, 1f);
        int[] rows = RolloutShards.share(miniBatch, dp.rank(), dp.size());
        opt.zeroGrad();
        // policy loss, value loss, ptx loss, entropy sum, clipped tokens, ½Σ(log-ratio)²
        double[] stats = rows.length == 0 ? new double[6] : backward(r, adv, ret, rows, tokens, ptxIndex);
        dp.allReduceSum(stats);
        return new MiniBatchStats(stats[0], stats[1], responseTokens == 0 ? 0 : stats[3] / responseTokens,
                (float) stats[4] / tokens, stats[5] / tokens, stats[2]);
    }

    private double[] backward(Rollout r, float[][] adv, float[][] ret, int[] rows, float tokens, long ptxIndex) {
        List<int[]> ps = new ArrayList<>(), rs = new ArrayList<>();
        float[][] old = new float[rows.length][], a = new float[rows.length][], rt = new float[rows.length][], vo = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ps.add(r.prompts().get(rows[i]).ids());
            rs.add(r.responses().get(rows[i]));
            old[i] = r.oldLogProbs()[rows[i]];
            a[i] = adv[rows[i]];
            if (ret != null) {
                rt[i] = ret[rows[i]];
                vo[i] = r.values()[rows[i]];
            }
        }
        Sequences sq = Sequences.of(ps, rs);
        float[] mask = sq.mask(), oldFlat = sq.flat(old);
        s.policy().train(false);   // no dropout in RL: the ratio must compare the same function
        try (Tape tape = Tape.open()) {
            Tensor hidden = sq.responseHidden(s.policy());
            Tensor[] logits = new Tensor[1];
            Tensor logp = sq.logProbs(s.policy(), hidden, logits);
            Tensor loss = PpoLosses.policy(logp, oldFlat, sq.flat(a), mask, cfg.clip().floatValue(), tokens);
            double pg = loss.item(), vf = 0, ptx = 0;
            if (ret != null) {
                Tensor vl = PpoLosses.value(s.value().values(sq, hidden), sq.flat(vo), sq.flat(rt), mask, cfg.valueClip().floatValue(), tokens);
                vf = vl.item();
                loss = Ops.add(loss, Ops.scale(vl, cfg.valueCoef().floatValue()));
            }
            if (cfg.ptxCoef() > 0 && dp.isRoot()) {
                TokenBatch tb = ptxWindows.random(s.pretrainTrain(), cfg.train().seed(), ptxIndex);
                Tensor lm = s.policy().loss(tb.inputs(), tb.targets(), tb.layout(), Math.max(1, tb.countedTokens()));
                ptx = lm.item();
                loss = Ops.add(loss, Ops.scale(lm, cfg.ptxCoef().floatValue()));
            }
            float[] lp = logp.toFloatArray();
            double entropy = entropySum(logits[0].toFloatArray(), s.policy().config().vocabSize(), mask);
            tape.backward(loss);
            return new double[] {pg, vf, ptx, entropy, PpoLosses.clippedTokens(lp, oldFlat, mask, cfg.clip().floatValue()),
                    PpoLosses.approxKlSum(lp, oldFlat, mask)};
        }
    }

    /**
     * Held-out evaluation: greedy answers to the eval prompts, their reward and gold scores, refusal rates, val
     * perplexity. Rank 0 alone evaluates (the others hold the same weights and return nothing).
     */
    public Map<String, Double> evaluate() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (!dp.isRoot()) return m;
        if (!s.evalPrompts().isEmpty()) {
            List<RlPrompt> ps = s.evalPrompts();
            s.policy().train(false);
            List<int[]> answers = llmforge.generate.Generator.cached(s.policy(), null).generate(ps.stream().map(RlPrompt::ids).toList(),
                    new llmforge.generate.GenerationConfig(cfg.maxNewTokens(), llmforge.generate.SamplingConfig.GREEDY, 0, s.eosIds(), List.of()))
                    .stream().map(llmforge.generate.Generation::tokens).toList();
            m.put("eval_reward", mean(s.reward().score(ps, answers)));
            m.put("eval_gold", mean(s.gold().score(ps, answers)));
            if (s.judge() != null) refusalRates(ps, answers, m);
        }
        if (s.pretrainVal() != null) m.put("val_perplexity", validationPerplexity());
        if (!m.isEmpty()) {
            metrics.add("eval", iteration, m);
            writeMetrics();
            StringBuilder line = new StringBuilder("\niteration " + iteration + ":");
            m.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
            console.println(line);
        }
        return m;
    }

    private void refusalRates(List<RlPrompt> ps, List<int[]> answers, Map<String, Double> m) {
        var verdicts = s.judge().judge(ps, answers);
        int harmful = 0, harmfulRefused = 0, benign = 0, benignRefused = 0;
        for (int i = 0; i < ps.size(); i++) {
            String family = ps.get(i).meta().family();
            // the refusal criterion is 1 when a harmful request was refused and when a benign one was helped
            if (family.equals("harmful")) {
                harmful++;
                if (verdicts.get(i).refusal() >= 1) harmfulRefused++;
            } else if (family.equals("benign")) {
                benign++;
                if (verdicts.get(i).refusal() < 1) benignRefused++;
            }
        }
        if (harmful > 0) m.put("refusal_rate_harmful", (double) harmfulRefused / harmful);
        if (benign > 0) m.put("refusal_rate_benign", (double) benignRefused / benign);
    }

    private double validationPerplexity() {
        double sum = 0;
        long tokens = 0;
        try (var g = Grad.off()) {
            for (TokenBatch b : new TokenWindows(8, cfg.ptxSeqLen(), true).consecutive(s.pretrainVal(), cfg.evalTokens())) {
                try (var scope = MemoryScope.open()) {
                    sum += s.policy().loss(b.inputs(), b.targets(), b.layout(), 1f).item();
                }
                tokens += b.countedTokens();
            }
        }
        return Math.exp(sum / Math.max(1, tokens));
    }

    /** The iteration's prompts: {@code promptsPerIteration} draws (a pure function of seed and iteration), each repeated per sample. */
    List<RlPrompt> promptsFor(long it) {
        SplittableRandom rng = new SplittableRandom(mix(cfg.train().seed(), it, 0));
        List<RlPrompt> all = s.trainPrompts(), out = new ArrayList<>(cfg.rolloutSize());
        for (int i = 0; i < cfg.promptsPerIteration(); i++) {
            RlPrompt p = all.get(rng.nextInt(all.size()));
            for (int k = 0; k < cfg.samplesPerPrompt(); k++) out.add(p);
        }
        return out;
    }

    private void writeMetrics() {
        if (dp.isRoot()) metrics.write();
    }

    /** Rank 0 writes the checkpoint (the others return null): all ranks hold the same weights and state. */
    private Path save() throws IOException {
        if (!dp.isRoot()) return null;
        ObjectNode state = JSON.createObjectNode().put("step", iteration).put("beta", kl.beta());
        // every random draw is a pure function of (seed, iteration): this is all the RNG state a resume needs
        state.putObject("rng").put("seed", cfg.train().seed()).put("iteration", iteration);
        state.put("rollout_seconds", rolloutSeconds).put("update_seconds", updateSeconds);
        state.set("config", runConfig);
        Path dir = checkpoints.save(iteration, tmp -> {
            if (s.lora() != null) {
                s.lora().save(tmp);
            } else {
                HfModelDirectory.save(s.policy(), tmp, s.bosId(), s.eosId());
                if (s.tokenizerJson() != null) Files.copy(s.tokenizerJson(), tmp.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (s.value() != null) {
                Map<String, Tensor> v = new LinkedHashMap<>();
                s.value().namedParameters().forEach((k, p) -> v.put(k, p.value()));
                SafetensorsWriter.write(tmp.resolve(VALUE_FILE), v, Map.of());
            }
            OptimizerState os = opt.state();
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER_FILE), os.tensors(), Map.of("step", Long.toString(os.step())));
            AtomicFiles.writeString(tmp.resolve(Checkpoints.STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        });
        writeMetrics();
        return dir;
    }

    private void restore(Path dir) throws IOException {
        JsonNode state = JSON.readTree(dir.resolve(Checkpoints.STATE_FILE).toFile());
        long seed = state.path("rng").path("seed").asLong();
        if (seed != cfg.train().seed()) throw new UserException(dir + ": checkpoint was trained with seed " + seed + ", the config says " + cfg.train().seed());
        if (s.lora() != null) s.lora().load(dir);
        else HfModelDirectory.loadWeights(s.policy(), dir);
        if (s.value() != null) {
            SafetensorsFile f = SafetensorsFile.open(dir.resolve(VALUE_FILE));
            for (var e : s.value().namedParameters().entrySet()) {
                if (!f.has(e.getKey())) throw new UserException(dir.resolve(VALUE_FILE) + ": no tensor '" + e.getKey() + "'");
                e.getValue().value().copyFrom(f.tensor(e.getKey()));
            }
        }
        SafetensorsFile o = SafetensorsFile.open(dir.resolve(OPTIMIZER_FILE));
        Map<String, Tensor> t = new HashMap<>();
        for (String name : o.entries().keySet()) t.put(name, o.tensor(name));
        opt.load(new OptimizerState(Long.parseLong(o.metadata().get("step")), t));
        iteration = state.path("step").asLong();
        kl.beta(state.path("beta").asDouble());
        rolloutSeconds = state.path("rollout_seconds").asDouble();
        updateSeconds = state.path("update_seconds").asDouble();
        metrics.reload(iteration);
        for (var n : metrics.records()) {
            if (n.path("type").asText().equals("train")) {
                guards.observe(n.path("reward").asDouble(), n.path("gold").asDouble(), n.path("entropy").asDouble(), n.path("diversity").asDouble());
            }
        }
    }

    static long mix(long seed, long iteration, long salt) {
        long h = seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    /** Summed entropy of the policy's next-token distributions over response positions. */
    static double entropySum(float[] logits, int v, float[] mask) {
        double sum = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            double max = Double.NEGATIVE_INFINITY, z = 0, ez = 0;
            for (int k = 0; k < v; k++) max = Math.max(max, logits[i * v + k]);
            for (int k = 0; k < v; k++) {
                double x = logits[i * v + k] - max, e = Math.exp(x);
                z += e;
                ez += e * x;
            }
            sum += Math.log(z) - ez / z;
        }
        return sum;
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float f : x) s += f;
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    private static double share(boolean[] x) {
        int c = 0;
        for (boolean b : x) if (b) c++;
        return (double) c / x.length;
    }

    private static double diversity(List<int[]> responses) {
        java.util.Set<List<Integer>> distinct = new java.util.HashSet<>();
        for (int[] r : responses) distinct.add(java.util.Arrays.stream(r).boxed().toList());
        return (double) distinct.size() / responses.size();
    }
}
