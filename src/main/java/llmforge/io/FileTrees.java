package llmforge.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder-tree operations shared by checkpoints, data steps and the demo. */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes a file or folder with everything inside it, deepest first; nothing to do if it is absent. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
