package llmforge.dist;

/**
 * Which sequences of the global data stream each rank trains on. An optimiser step consumes {@code globalBatch}
 * consecutive sequences, whatever the number of ranks: step s owns sequences [s·G, (s+1)·G). Within a step, micro-batch
 * m of rank r takes the block {@code m·size + r} of {@code microBatch} sequences. The data position therefore
 * depends on the step alone, so a run resumes at step s with the same or a different number of ranks (as long as
 * {@code microBatch × size} divides the global batch).
 */
public record BatchSharding(int globalBatch, int microBatch, int size) {
    public BatchSharding {
        if (globalBatch < 1 || microBatch < 1 || size < 1) {
            throw new IllegalArgumentException("global batch, micro-batch and rank count must be >= 1, got "
                    + globalBatch + ", " + microBatch + ", " + size);
        }
        if (globalBatch % ((long) microBatch * size) != 0) {
            throw new IllegalArgumentException("global batch " + globalBatch + " is not a multiple of micro-batch "
                    + microBatch + " x " + size + " ranks; pick a micro-batch size that divides "
                    + globalBatch / size + " (or a rank count that divides " + globalBatch / microBatch + ")");
        }
    }

    /** Micro-batches each rank runs per optimiser step (gradient accumulation steps). */
    public int microSteps() { return globalBatch / (microBatch * size); }

    /** Sequences consumed by all steps before {@code step}: the global data position a checkpoint records. */
    public long sequencesBefore(long step) { return step * globalBatch; }

    /** Global index of the first sequence of micro-batch {@code micro} of {@code rank} at optimiser step {@code step}. */
    public long firstSequence(long step, int micro, int rank) {
        if (micro < 0 || micro >= microSteps()) throw new IndexOutOfBoundsException("micro-batch " + micro + " of " + microSteps());
        if (rank < 0 || rank >= size) throw new IndexOutOfBoundsException("rank " + rank + " of " + size);
        return sequencesBefore(step) + ((long) micro * size + rank) * microBatch;
    }

    /** The first step to run after a checkpoint that recorded {@code sequencesConsumed}; it must be a step boundary. */
    public long stepAt(long sequencesConsumed) {
        if (sequencesConsumed % globalBatch != 0) {
            throw new IllegalArgumentException("data position " + sequencesConsumed + " is not a multiple of the global batch "
                    + globalBatch + " (the global batch must not change on resume)");
        }
        return sequencesConsumed / globalBatch;
    }
}
