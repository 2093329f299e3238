package io.brink.calibration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SetStatsTest {

    @Test
    void countsCoverageSizesFullSetsAndTheRollingExtremes() {
        boolean[] covered = {true, false, false, true, true, true};
        int[] size = {1, 1, 2, 3, 3, 1};
        SetStats s = SetStats.of(covered, size, 3, 3);
        assertEquals(6, s.windows());
        assertEquals(4.0 / 6, s.coverage(), 1e-15);
        assertEquals(11.0 / 6, s.meanSetSize(), 1e-15);
        assertEquals(2.0 / 6, s.fullSetShare(), 1e-15);
        // windows of 3: TFF 1/3, FFT 1/3, FTT 2/3, TTT 1
        assertEquals(1.0 / 3, s.rollingMin().getAsDouble(), 1e-15);
        assertEquals(1.0, s.rollingMax().getAsDouble(), 1e-15);
    }

    @Test
    void noRollingFiguresWithFewerSetsThanTheWindow() {
        SetStats s = SetStats.of(new boolean[] {true}, new int[] {2}, 3, 500);
        assertFalse(s.rollingMin().isPresent());
        assertFalse(s.rollingMax().isPresent());
    }

    @Test
    void refusesMismatchedOrEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> SetStats.of(new boolean[2], new int[3], 3, 1));
        assertThrows(IllegalArgumentException.class, () -> SetStats.of(new boolean[0], new int[0], 3, 1));
        assertThrows(IllegalArgumentException.class, () -> SetStats.of(new boolean[1], new int[1], 3, 0));
    }
}
