package io.brink.engine.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MC dropout's masks: inverted dropout (kept units scaled by 1/(1 − rate), the others zero), the dropped share near the
 * rate, only on the named layers, and each row's masks from its own seed whatever the batch around it.
 */
class DropoutTest {

    @Test
    void invertedDropoutAtTheRateOnTheNamedLayersOnly() {
        int steps = 50;
        int rows = 40;
        int hidden = 64;
        double[] h = new double[steps * rows * hidden];
        java.util.Arrays.fill(h, 1.0);
        long[] seeds = new long[rows];
        for (int r = 0; r < rows; r++) {
            seeds[r] = 1000 + r;
        }
        Dropout d = new Dropout(0.3, new boolean[] {false, true}, seeds);
        assertFalse(d.drops(0));
        assertTrue(d.drops(1));
        assertFalse(d.drops(2), "a layer past the flags is not dropped");
        double[] out = d.apply(1, h, steps, rows, hidden);
        int zeros = 0;
        for (int i = 0; i < h.length; i++) {
            if (out[i] == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.7, out[i], 0.0, "a kept unit is scaled by 1/(1 - rate)");
            }
        }
        assertEquals(0.3, (double) zeros / h.length, 0.01, "dropped share over " + h.length + " units");

        // Row 7 alone, in a batch of one, gets the same masks as in the batch of 40.
        double[] one = new double[steps * hidden];
        java.util.Arrays.fill(one, 1.0);
        double[] alone = new Dropout(0.3, new boolean[] {false, true}, new long[] {seeds[7]}).apply(1, one, steps, 1, hidden);
        for (int t = 0; t < steps; t++) {
            for (int u = 0; u < hidden; u++) {
                assertEquals(out[(t * rows + 7) * hidden + u], alone[t * hidden + u], 0.0);
            }
        }
        // Another layer of the same row draws other masks.
        double[] other = new Dropout(0.3, new boolean[] {true, true}, seeds).apply(0, h, steps, rows, hidden);
        int differ = 0;
        for (int i = 0; i < h.length; i++) {
            differ += other[i] != out[i] ? 1 : 0;
        }
        assertTrue(differ > h.length / 10, "layers 0 and 1 have their own masks");
    }
}
