package llmforge.train.ppo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KlControllerTest {
    @Test
    void adaptiveBetaFollowsTheZieglerRule() {
        KlController c = new KlController(0.2, 6.0, 10000);
        c.update(9.0, 100);                     // error 0.5 clipped to 0.2: β·(1 + 0.2·100/10000)
        assertEquals(0.2 * 1.002, c.beta(), 1e-12);
        c.update(4.5, 100);                     // error −0.25 clipped to −0.2
        assertEquals(0.2 * 1.002 * 0.998, c.beta(), 1e-12);
        c.update(6.6, 50);                      // error 0.1, inside the clip
        assertEquals(0.2 * 1.002 * 0.998 * (1 + 0.1 * 50 / 10000.0), c.beta(), 1e-12);
    }

    @Test
    void betaRisesWhileKlStaysAboveTargetAndFallsBelow() {
        KlController up = new KlController(0.1, 1.0, 100), down = new KlController(0.1, 1.0, 100);
        for (int i = 0; i < 50; i++) {
            up.update(3.0, 8);
            down.update(0.1, 8);
        }
        assertTrue(up.beta() > 0.1 * Math.pow(1.015, 50), "β " + up.beta());
        assertTrue(down.beta() < 0.1 * Math.pow(0.985, 50), "β " + down.beta());
    }

    @Test
    void fixedBetaNeverMoves() {
        KlController c = new KlController(0.05, null, 10000);
        c.update(100, 64);
        assertEquals(0.05, c.beta());
        assertThrows(IllegalArgumentException.class, () -> new KlController(0.1, -1.0, 10));
    }
}
