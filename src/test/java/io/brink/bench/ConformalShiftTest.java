package io.brink.bench;

import io.brink.calibration.CalibrationSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformal sets with the default settings on the synthetic abrupt shift (20,000 windows), outcomes delivered in
 * bursts of 50–500 ({@link ConformalShift}): long-run coverage within 0.01 of the target and the rolling 500-window coverage
 * back within ±0.03 inside 1,000 windows after the shift (issue 19's synthetic criterion), for three seeds.
 */
class ConformalShiftTest {

    @Test
    void coverageHoldsAcrossAnAbruptShiftWithBurstyOutcomes() {
        for (long seed = 1; seed <= 3; seed++) {
            ConformalShift.Result r = ConformalShift.run(20_000, CalibrationSettings.defaults(), 50, 500, seed);
            assertEquals(0.9, r.coverage(), 0.01, "seed " + seed + ": " + r);
            assertTrue(r.recoveredAfter() <= 1000, "seed " + seed + ": " + r);
            assertTrue(r.meanSetSize() >= 1 && r.meanSetSize() < 5, "seed " + seed + ": " + r);
        }
    }

    @Test
    void theShiftIsReal() {
        // The model becomes confidently wrong half the time: right after the shift the rolling coverage falls far.
        ConformalShift.Result r = ConformalShift.run(20_000, CalibrationSettings.defaults(), 50, 500, 1);
        assertTrue(r.worstRolling() < 0.8, r.toString());
    }
}
