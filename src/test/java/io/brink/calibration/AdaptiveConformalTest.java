package io.brink.calibration;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive conformal sets on a long synthetic stream with an abrupt shift halfway ({@link ConformalShiftExperiment}):
 * long-run coverage within ±1% of 1 − α and the rolling 500-window coverage back within ±3% of it at most 300 windows
 * after the shift; and the set rules at their edges.
 */
class AdaptiveConformalTest {

    @Test
    void coverageHoldsAcrossAnAbruptShift() {
        ConformalShiftExperiment.Result r = ConformalShiftExperiment.run(20_000, 0.1, CalibrationSettings.defaults().gamma(),
                CalibrationSettings.defaults().conformalWindow(), 7);
        assertEquals(0.9, r.coverage(), 0.01, "long-run coverage " + r);
        assertTrue(r.recoveredAfter() <= 300, "rolling coverage recovered only after " + r.recoveredAfter() + " windows: " + r);
        // the shift is real: without adaptation (γ ≈ 0, the same rolling scores) the rolling coverage falls far and stays low
        ConformalShiftExperiment.Result still = ConformalShiftExperiment.run(20_000, 0.1, 1e-9,
                CalibrationSettings.defaults().conformalWindow(), 7);
        assertTrue(still.worstRolling() < 0.8 && still.recoveredAfter() > 500, "without adaptation: " + still);
    }

    @Test
    void rulesAtTheEdges() {
        AdaptiveConformal a = new AdaptiveConformal(0.1, 0.5, 10);
        assertEquals(SetRule.Kind.ALL, a.rule().kind(), "no scores yet: every class");
        a.update(new double[] {0.7, 0.3}, 0, true);                 // α_t = 0.1 + 0.5·0.1 = 0.15, score 0.3
        assertEquals(0.15, a.alphaT(), 1e-15);
        // n = 1: rank ⌈2·0.85⌉ = 2 > 1 → all
        assertEquals(SetRule.Kind.ALL, a.rule().kind());
        for (int i = 0; i < 8; i++) {
            a.update(new double[] {0.9, 0.1}, 0, true);            // scores 0.1
        }
        // α_t = 0.15 + 8·0.05 = 0.55; n = 9; rank ⌈10·0.45⌉ = 5 → the 5th smallest score, 0.1
        assertEquals(0.55, a.alphaT(), 1e-12);
        assertEquals(SetRule.Kind.THRESHOLD, a.rule().kind());
        assertEquals(1 - 0.9, a.rule().threshold().getAsDouble());
        assertEquals(List.of(0), a.rule().apply(new double[] {0.95, 0.05}));
        assertEquals(List.of(), a.rule().apply(new double[] {0.5, 0.5}));
        for (int i = 0; i < 2; i++) {
            a.update(new double[] {0.9, 0.1}, 0, true);
        }
        assertEquals(0.65, a.alphaT(), 1e-12);
        a.restoreAlphaT(1.0);
        assertEquals(SetRule.Kind.NONE, a.rule().kind(), "α_t ≥ 1: the empty set");
        a.restoreAlphaT(-0.01);
        assertEquals(SetRule.Kind.ALL, a.rule().kind(), "α_t ≤ 0: every class");
        a.update(new double[] {0.9, 0.1}, 1, false);                // a miss raises nothing: α_t −= 0.5·0.9
        assertEquals(-0.01 - 0.45, a.alphaT(), 1e-12);
    }
}
