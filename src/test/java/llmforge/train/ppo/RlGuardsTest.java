package llmforge.train.ppo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RlGuardsTest {
    @Test
    void flagsRewardRisingWhileGoldFalls() {
        RlGuards g = new RlGuards(4, 0.1, 0.2);
        List<RlGuards.Flag> last = List.of();
        for (int i = 0; i < 4; i++) last = g.observe(1 + i, 0.8 - 0.1 * i, 2, 1);
        assertEquals(1, last.size());
        assertEquals("reward_hacking", last.getFirst().event());
    }

    @Test
    void noFlagWhenBothRiseOrTooEarly() {
        RlGuards g = new RlGuards(4, 0.1, 0.2);
        for (int i = 0; i < 3; i++) assertTrue(g.observe(1 + i, 0.8 - 0.1 * i, 2, 1).isEmpty(), "window not full yet");
        RlGuards both = new RlGuards(4, 0.1, 0.2);
        for (int i = 0; i < 6; i++) assertTrue(both.observe(1 + i, 0.1 * i, 2, 1).isEmpty());
    }

    @Test
    void flagsCollapseOfEntropyAndDiversity() {
        RlGuards g = new RlGuards(4, 0.1, 0.2);
        List<RlGuards.Flag> f = g.observe(1, Double.NaN, 0.01, 0.1);
        assertEquals(2, f.size());
        assertTrue(f.stream().allMatch(x -> x.event().equals("collapse")));
    }
}
