package llmforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.UserException;
import llmforge.tensor.MemoryScope;
import llmforge.data.ConfigLoader;
import llmforge.io.AtomicFiles;
import llmforge.train.AlignmentEval;
import llmforge.train.Checkpoints;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole recipe as one run ({@code llmforge pipeline}): every stage in order, each in the folder named by its
 * key. A stage whose folder is done is reused; a changed stage gets a new key, so it and everything reading it run
 * again while the rest is reused; an unfinished folder (Ctrl-C, a kill, a crash) is picked up where it stopped —
 * from its last checkpoint when the stage has them. One run at a time per run folder (a lock file).
 */
public final class Pipeline {
    private static final String LOCK = ".pipeline.lock", REPORT = "report.html";

    private final PipelinePlan plan;
    private final Path base;

    /** What happened to one stage in a run. */
    public record StageRun(String stage, String key, Path dir, String action, double seconds) {}

    /** How a run ended; {@code report}: the run folder's report.html (null when the run stopped before it). */
    public record Outcome(List<StageRun> stages, boolean interrupted, Path report) {}

    private Pipeline(PipelinePlan plan, Path base) {
        this.plan = plan;
        this.base = base;
    }

    /**
     * @param file   the pipeline YAML
     * @param base   the folder that relative paths inside it (stage config files, data) are resolved against
     * @param runDir the run folder, overriding the file's {@code run_dir} (null: the file's)
     */
    public static Pipeline load(Path file, Path base, Path runDir) {
        PipelineConfig cfg = ConfigLoader.load(file, PipelineConfig.class);
        Path dir = runDir != null ? runDir : Path.of(cfg.runDir());
        return new Pipeline(PipelinePlan.of(cfg, file.toString(), base, dir), base);
    }

    public Path runDir() { return plan.runDir(); }

    /** Each stage's state now (done, running, interrupted, failed, stale, pending), without running anything. */
    public List<StageStatus> status() {
        List<StageStatus> rows = new ArrayList<>();
        for (PipelinePlan.Stage s : plan.stages()) rows.add(StageStatus.of(s.name(), s.key(), s.dir(), s.step().resumable(), plan.runDir()));
        return rows;
    }

    /** The finished evaluations of the model stages (base, sft, ppo, dpo), in that order. */
    public List<AlignmentEval.Result> comparison() throws IOException {
        List<AlignmentEval.Result> out = new ArrayList<>();
        for (PipelinePlan.Stage s : plan.stages()) {
            if (s.step() instanceof EvalStep && Lineage.read(s.dir()).map(Lineage::done).orElse(false)) out.add(EvalStep.read(s.dir()).greedy());
        }
        return out;
    }

    /** The report's verdicts on the recipe's warnings (name → level and verdict); empty until the report stage is done. */
    public Map<String, String> verdicts() {
        Map<String, String> out = new LinkedHashMap<>();
        Lineage.read(plan.stage(StageNames.REPORT).dir()).filter(Lineage::done)
                .ifPresent(l -> l.summary().properties().forEach(e -> out.put(e.getKey(), e.getValue().asText())));
        return out;
    }

    public Outcome run(PrintStream console) throws IOException {
        Files.createDirectories(plan.runDir());
        plan.saveInputHashes();
        try (FileChannel ch = FileChannel.open(plan.runDir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) throw new UserException("another llmforge pipeline is running in " + plan.runDir() + "; wait for it or stop it first");
            return runLocked(console);
        }
    }

    private Outcome runLocked(PrintStream console) throws IOException {
        CodeVersion code = CodeVersion.of(Path.of(System.getProperty("llmforge.home", ".")));
        List<PipelinePlan.Stage> stages = plan.stages();
        List<StageRun> runs = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            PipelinePlan.Stage s = stages.get(i);
            String head = String.format(Locale.ROOT, "[%d/%d] %s %s", i + 1, stages.size(), s.name(), s.key());
            Optional<Lineage> old = Lineage.read(s.dir());
            if (old.isPresent() && old.get().done()) {
                console.printf(Locale.ROOT, "%s: done %s (%.1f s), reusing %s%n", head, Lineage.shortTime(old.get().finished()), old.get().seconds(), s.dir());
                runs.add(new StageRun(s.name(), s.key(), s.dir(), "reused", 0));
                continue;
            }
            StageRun r = runStage(s, old, code, head, console);
            runs.add(r);
            if (r.action().equals(Lineage.INTERRUPTED)) {
                console.println("pipeline stopped during stage '" + s.name() + "'; run it again to resume");
                return new Outcome(runs, true, null);
            }
        }
        Path report = plan.runDir().resolve(REPORT);
        Path target = Lineage.read(plan.stage(StageNames.REPORT).dir()).orElseThrow().output(plan.stage(StageNames.REPORT).dir(), "report");
        // a page that forwards to the report inside its stage folder, where its links to the other stages resolve
        String rel = plan.runDir().toAbsolutePath().relativize(target.toAbsolutePath()).toString();
        AtomicFiles.writeString(report, "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=" + rel
                + "\"><a href=\"" + rel + "\">" + rel + "</a>\n");
        return new Outcome(runs, false, target);
    }

    private StageRun runStage(PipelinePlan.Stage s, Optional<Lineage> old, CodeVersion code, String head, PrintStream console) throws IOException {
        PipelineStep<?> step = s.step();
        Optional<Path> checkpoint = step.resumable() ? new Checkpoints(s.dir().resolve("checkpoints"), 1).latest() : Optional.empty();
        int attempt = old.map(l -> l.attempts() + 1).orElse(1);
        console.printf(Locale.ROOT, "%s: %s -> %s%n", head, checkpoint.map(c -> "resuming from " + c.getFileName() + " (attempt " + attempt + ")")
                .orElse(old.isPresent() ? "running again (attempt " + attempt + ")" : "running"), s.dir());
        ObjectNode tree = s.config().deepCopy();
        step.resolveFiles(tree, base);
        step.wire(tree, upstream(), s.dir());
        Object cfg = ConfigLoader.load(tree, step.configType(), s.where());
        ObjectNode exact = ConfigLoader.tree(cfg);
        Map<String, Lineage.Input> inputs = new LinkedHashMap<>();
        for (String in : s.inputs()) inputs.put(in, new Lineage.Input(plan.stage(in).key(), plan.stage(in).dir().toString()));
        JsonNode seed = step.seedKey() == null ? null : ConfigTrees.get(exact, step.seedKey());
        Lineage start = new Lineage(s.name(), s.key(), Lineage.RUNNING, exact, inputs, s.files(), code,
                seed == null || !seed.isNumber() ? null : seed.asLong(), ProcessHandle.current().pid(), Lineage.processStart(),
                Instant.now().toString(), null, null, attempt, null, null, null);
        start.write(s.dir());
        long t0 = System.nanoTime();
        PipelineStep.StepOutcome o;
        try {
            o = run(step, cfg, s.dir(), checkpoint.isPresent(), console);
        } catch (IOException | RuntimeException | Error e) {
            start.finish(Lineage.FAILED, Instant.now().toString(), (System.nanoTime() - t0) / 1e9, null, null, String.valueOf(e.getMessage())).write(s.dir());
            throw e;
        } finally {
            // the next stage has other shapes: the idle buffers this one pooled would only hold memory (the whole
            // demo in one JVM once reached the direct-memory limit in PPO)
            MemoryScope.releasePool();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String status = o.interrupted() ? Lineage.INTERRUPTED : Lineage.DONE;
        start.finish(status, Instant.now().toString(), seconds, o.outputs(), o.summary(), null).write(s.dir());
        console.printf(Locale.ROOT, "%s: %s in %.1f s%n", head, status, seconds);
        return new StageRun(s.name(), s.key(), s.dir(), o.interrupted() ? Lineage.INTERRUPTED : checkpoint.isPresent() ? "resumed" : "ran", seconds);
    }

    private static <C> PipelineStep.StepOutcome run(PipelineStep<C> step, Object cfg, Path dir, boolean resume, PrintStream console) throws IOException {
        return step.run(step.configType().cast(cfg), dir, resume, console);
    }

    /** The finished stages' recorded outputs. */
    private PipelineStep.Upstream upstream() {
        return new PipelineStep.Upstream() {
            @Override public Path output(String stage, String name) {
                Path dir = dir(stage);
                Lineage l = Lineage.read(dir).filter(Lineage::done)
                        .orElseThrow(() -> new IllegalStateException("stage '" + stage + "' is not done in " + dir));
                return l.output(dir, name).normalize();
            }

            @Override public Path dir(String stage) { return plan.stage(stage).dir(); }
        };
    }
}
