package llmforge.train;

import llmforge.io.FileTrees;
import llmforge.io.UserException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run's checkpoint folder: {@code step-000123/} directories, each complete or absent. A checkpoint is written
 * into a hidden temp directory, every file is fsynced, then the directory is renamed into place (and the parent
 * fsynced), so a crash or an error mid-save leaves only the previous checkpoints visible. Old ones are pruned to
 * the newest {@code keep}, each hidden by a rename before it is deleted.
 */
public final class Checkpoints {
    /** Fills a fresh (empty) directory with one checkpoint's files. */
    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    /** The file whose presence marks a directory as a checkpoint (written last by the trainer). */
    public static final String STATE_FILE = "trainer_state.json";

    private final Path root;
    private final int keep;

    public Checkpoints(Path root, int keep) {
        this.root = root;
        this.keep = keep;
    }

    public Path root() { return root; }

    public static String name(long step) { return String.format("step-%06d", step); }

    /** Writes checkpoint {@code step} atomically and prunes old ones; returns its directory. */
    public Path save(long step, Writer writer) throws IOException {
        Files.createDirectories(root);
        Path target = root.resolve(name(step));
        Path tmp = Files.createTempDirectory(root, "." + name(step) + ".tmp-");
        try {
            writer.write(tmp);
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : files.toList()) fsync(f);
            }
            fsync(tmp);
            if (Files.exists(target)) deleteHidden(target);   // a rollback may redo a step that was saved before
            move(tmp, target);
            fsync(root);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(tmp);
            throw e;
        }
        prune();
        return target;
    }

    /** Every complete checkpoint, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(list());
        while (all.size() > keep) deleteHidden(all.removeFirst());
    }

    /** Renames a checkpoint to a hidden name first, so no half-deleted checkpoint is ever listed. */
    private void deleteHidden(Path dir) throws IOException {
        Path hidden = Files.createTempDirectory(root, "." + dir.getFileName() + ".old-");
        Files.delete(hidden);
        move(dir, hidden);
        FileTrees.delete(hidden);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UserException("cannot save checkpoints in " + to.getParent() + ": its file system has no atomic rename");
        }
    }

    private static void fsync(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open directories for sync; the rename is still atomic there
        }
    }
}
