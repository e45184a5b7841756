package llmforge.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The files besides the weights that make a checkpoint usable on its own. */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    /** A tokenizer.json and, when it has one beside it, its tokenizer_config.json (the chat template). */
    public static List<Path> tokenizer(Path json) {
        List<Path> files = new ArrayList<>(List.of(json));
        Path config = json.resolveSibling("tokenizer_config.json");
        if (Files.isRegularFile(config)) files.add(config);
        return files;
    }

    /** Copies {@code files} into the checkpoint directory {@code dir} under their own names. */
    public static void copy(List<Path> files, Path dir) throws IOException {
        for (Path f : files) Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
