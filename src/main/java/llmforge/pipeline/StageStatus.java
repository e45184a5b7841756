package llmforge.pipeline;

import llmforge.train.Checkpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One stage's state for {@code llmforge pipeline status}: done (its folder for the current key is finished),
 * running (a live process is in it), interrupted (its process stopped or vanished mid-stage: the next run resumes),
 * failed (with the error), stale (only a folder for an older key is finished: the config or an upstream stage
 * changed since) or pending (never run).
 *
 * @param when   for done/failed/interrupted the time it ended, for running the time it started, for stale when the old one finished
 * @param detail the error, the process, the resume point or the stale folder
 * @param model  the chat model folder of a done pretrain, sft, ppo or dpo stage ({@code llmforge chat --model}), else null
 */
public record StageStatus(String stage, String state, String key, Path dir, String when, Double seconds, String detail, Path model) {
    static StageStatus of(String stage, String key, Path dir, boolean resumable, Path runDir) {
        Optional<Lineage> l = Lineage.read(dir);
        if (l.isPresent()) {
            Lineage x = l.get();
            return switch (x.status()) {
                case Lineage.DONE -> new StageStatus(stage, "done", key, dir, x.finished(), x.seconds(), "",
                        StageNames.MODELS.contains(stage) ? x.output(dir, "model") : null);
                case Lineage.FAILED -> new StageStatus(stage, "failed", key, dir, x.finished(), x.seconds(), String.valueOf(x.error()), null);
                case Lineage.RUNNING -> x.live()
                        ? new StageStatus(stage, "running", key, dir, x.started(), null, "process " + x.pid(), null)
                        : new StageStatus(stage, "interrupted", key, dir, x.started(), null, "process " + x.pid() + " is gone; " + resumeNote(dir, resumable), null);
                default -> new StageStatus(stage, "interrupted", key, dir, x.finished(), x.seconds(), resumeNote(dir, resumable), null);
            };
        }
        Optional<Path> older = olderDone(stage, runDir);
        if (older.isPresent()) {
            Lineage o = Lineage.read(older.get()).orElseThrow();
            return new StageStatus(stage, "stale", key, dir, o.finished(), o.seconds(), "config or inputs changed since " + older.get().getFileName(), null);
        }
        return new StageStatus(stage, "pending", key, dir, null, null, "", null);
    }

    private static String resumeNote(Path dir, boolean resumable) {
        try {
            Optional<Path> c = resumable ? new Checkpoints(dir.resolve("checkpoints"), 1).latest() : Optional.empty();
            return c.map(p -> "the next run resumes from " + p.getFileName()).orElse("the next run starts it again");
        } catch (IOException e) {
            return "the next run starts it again";
        }
    }

    /** The most recently finished folder of this stage under another key. */
    private static Optional<Path> olderDone(String stage, Path runDir) {
        if (!Files.isDirectory(runDir)) return Optional.empty();
        try (Stream<Path> s = Files.list(runDir)) {
            List<Path> done = s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(stage) + "-[0-9a-f]{16}"))
                    .filter(p -> Lineage.read(p).map(Lineage::done).orElse(false)).toList();
            return done.stream().max(Comparator.comparing(p -> Lineage.read(p).map(Lineage::finished).orElse("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
