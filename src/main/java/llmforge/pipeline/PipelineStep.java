package llmforge.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One stage of the pipeline: its config record, the stages it reads, the keys the pipeline fills in (paths between
 * stages, the output folder, resume), the user files it reads, and how it runs.
 */
interface PipelineStep<C> {
    String name();

    Class<C> configType();

    /** Fills defaults that depend on which other stages the pipeline has (before anything else reads the config). */
    default void defaults(ObjectNode config, java.util.Set<String> stages) {}

    /** The upstream stages this config reads. */
    List<String> inputs(ObjectNode config);

    /** Dotted keys the pipeline sets; a pipeline file may not set them inline. */
    List<String> wiredKeys();

    /** Dotted keys that change how fast the stage runs but not what it produces: left out of the key. */
    default List<String> unkeyed() { return List.of(); }

    /** Dotted key of the stage's seed (the pipeline-wide seed goes there), or null. */
    default String seedKey() { return null; }

    /** Sets the wired keys from the upstream outputs and this stage's folder. */
    void wire(ObjectNode config, Upstream upstream, Path dir);

    /**
     * Resolves the user file paths in the config against {@code base}, in place; returns them keyed by the path as
     * written, for the stage key's file hashes.
     */
    default Map<String, Path> resolveFiles(ObjectNode config, Path base) { return Map.of(); }

    /** Whether an unfinished folder continues from its last checkpoint ({@code checkpoints/step-N}). */
    default boolean resumable() { return false; }

    StepOutcome run(C config, Path dir, boolean resume, PrintStream console) throws IOException;

    /** Where the finished upstream stages put their outputs. */
    interface Upstream {
        Path output(String stage, String name);

        Path dir(String stage);
    }

    /**
     * How a run ended: interrupted (Ctrl-C: the stage saved a checkpoint and stopped), else its outputs (name → path
     * relative to the stage folder) and a summary of its numbers.
     */
    record StepOutcome(boolean interrupted, Map<String, String> outputs, ObjectNode summary) {}
}
