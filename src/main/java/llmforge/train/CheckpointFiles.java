package llmforge.train;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
