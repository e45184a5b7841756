package llmforge.optim;

import llmforge.Approx;
import llmforge.io.SafetensorsFile;
import org.junit.jupiter.api.Test;

import static llmforge.optim.LrSchedule.Decay.CONSTANT;
import static llmforge.optim.LrSchedule.Decay.COSINE;
import static llmforge.optim.LrSchedule.Decay.LINEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrScheduleTest {
    private static double[] lrs(LrSchedule s, int steps) {
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) out[i] = s.lr(i);
        return out;
    }

    @Test
    void matchesPyTorchLambdaLr() throws Exception {
        SafetensorsFile f = AdamWGoldenTest.fixture();
        for (LrSchedule.Decay d : LrSchedule.Decay.values()) {
            double[] expected = Approx.toDouble(f.tensor("schedule." + d.name().toLowerCase()).toFloatArray());
            // the fixture stores float32: 1e-6 relative is a few float ulps
            Approx.assertClose(d.name(), expected, lrs(new LrSchedule(d, 3e-4, 10, 30, 0.1), 40), 1e-6, 0);
        }
    }

    @Test
    void warmupReachesMaxThenDecaysToTheFloor() {
        LrSchedule cos = new LrSchedule(COSINE, 1.0, 4, 14, 0.1);
        assertEquals(0.25, cos.lr(0));
        assertEquals(1.0, cos.lr(3));
        assertEquals(1.0, cos.lr(4));
        assertEquals(0.55, cos.lr(9), 1e-12);   // halfway through the cosine: (max + min) / 2
        assertEquals(0.1, cos.lr(14), 1e-12);
        assertEquals(0.1, cos.lr(1000), 1e-12);
        double[] decay = lrs(cos, 15);
        for (int i = 5; i < decay.length; i++) assertTrue(decay[i] < decay[i - 1], "decreasing at " + i);

        LrSchedule lin = new LrSchedule(LINEAR, 2.0, 0, 10, 0.0);
        assertEquals(2.0, lin.lr(0));
        assertEquals(1.0, lin.lr(5), 1e-12);
        assertEquals(0.0, lin.lr(10), 1e-12);
        assertEquals(0.0, lin.lr(11), 1e-12);

        LrSchedule constant = new LrSchedule(CONSTANT, 0.5, 2, 0, 1);
        assertEquals(0.25, constant.lr(0));
        assertEquals(0.5, constant.lr(2));
        assertEquals(0.5, constant.lr(1_000_000));
        assertEquals(0.3, LrSchedule.constant(0.3).lr(0));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(COSINE, 1e-3, 10, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(COSINE, 0, 0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(LINEAR, 1e-3, -1, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(LINEAR, 1e-3, 0, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(null, 1e-3, 0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(1e-3).lr(-1));
    }
}
