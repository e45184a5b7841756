package llmforge.dist;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchShardingTest {
    /** The sequences a step trains on, over all ranks and micro-batches. */
    private static TreeSet<Long> stepSequences(BatchSharding s, long step) {
        TreeSet<Long> seen = new TreeSet<>();
        for (int r = 0; r < s.size(); r++) {
            for (int m = 0; m < s.microSteps(); m++) {
                long first = s.firstSequence(step, m, r);
                for (int i = 0; i < s.microBatch(); i++) assertTrue(seen.add(first + i), "sequence " + (first + i) + " used twice");
            }
        }
        return seen;
    }

    @Test
    void everyRankCountCoversTheSameSequencesPerStepOnce() {
        int global = 24;
        for (int size : new int[] {1, 2, 3, 4, 6}) {
            BatchSharding s = new BatchSharding(global, 2, size);
            assertEquals(global / (2 * size), s.microSteps());
            for (long step : new long[] {0, 1, 7}) {
                TreeSet<Long> seq = stepSequences(s, step);
                assertEquals(global, seq.size());
                assertEquals(step * global, seq.first());
                assertEquals(step * global + global - 1, seq.last());
            }
        }
    }

    @Test
    void twoRanksSplitWhatOneRankRunsAsTwoMicroBatches() {
        BatchSharding one = new BatchSharding(8, 4, 1), two = new BatchSharding(8, 4, 2);
        assertEquals(one.firstSequence(3, 0, 0), two.firstSequence(3, 0, 0));
        assertEquals(one.firstSequence(3, 1, 0), two.firstSequence(3, 0, 1));
    }

    @Test
    void resumeWithADifferentRankCountStartsAtTheSameGlobalPosition() {
        BatchSharding before = new BatchSharding(16, 2, 4), after = new BatchSharding(16, 4, 1);
        long consumed = before.sequencesBefore(5);
        long step = after.stepAt(consumed);
        assertEquals(5, step);
        assertEquals(consumed, after.firstSequence(step, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> after.stepAt(consumed + 3));
    }

    @Test
    void badShapesAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchSharding(10, 4, 2));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> new BatchSharding(8, 2, 2).firstSequence(0, 2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new BatchSharding(8, 2, 2).firstSequence(0, 0, 2));
    }

    @Test
    void mpiIsUsedOnlyWhenLaunchedByMpirunOrSrun() {
        assertFalse(DataParallel.launchedByMpi(Map.of("PATH", "/bin")));
        assertTrue(DataParallel.launchedByMpi(Map.of("OMPI_COMM_WORLD_SIZE", "2")));
        assertTrue(DataParallel.launchedByMpi(Map.of("PMI_SIZE", "4")));
        assertEquals(2, DataParallel.localRanks(Map.of("OMPI_COMM_WORLD_LOCAL_SIZE", "2")));
        assertEquals(4, DataParallel.localRanks(Map.of("SLURM_NTASKS_PER_NODE", "4")));
        assertEquals(1, DataParallel.localRanks(Map.of("SLURM_NTASKS_PER_NODE", "2(x3)")), "a format we do not read: no sharing assumed");
        try (DataParallel dp = DataParallel.single()) {
            assertEquals(0, dp.rank());
            assertEquals(1, dp.size());
            assertTrue(dp.isRoot());
            assertEquals(42L, dp.allReduceSum(42L));
            assertEquals(1.5, dp.allReduceSum(1.5));
        }
    }
}
