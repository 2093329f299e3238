package io.brink.analyze;

import io.brink.engine.algorithm.DistanceEstimates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateCalibrationTest {

    @Test
    void spearmanAndMedianOnHandComputedCases() {
        assertEquals(1.0, EstimateCalibration.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}).orElseThrow(), 1e-12);
        assertEquals(-1.0, EstimateCalibration.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}).orElseThrow(), 1e-12);
        // ranks a = (0,1,2), b = (0,2,1): r = 0.5
        assertEquals(0.5, EstimateCalibration.spearman(new double[] {1, 2, 3}, new double[] {1, 3, 2}).orElseThrow(), 1e-12);
        assertTrue(EstimateCalibration.spearman(new double[] {1}, new double[] {2}).isEmpty(), "no rank correlation of one pair");
        assertEquals(2.5, EstimateCalibration.median(new double[] {4, 1, 3, 2}), 1e-12);
    }

    @Test
    void comparesEachEstimateWithTheAttackBound() {
        EstimateCalibration c = new EstimateCalibration();
        assertTrue(c.compare().isEmpty(), "nothing to compare before any window");
        c.add(estimates(1.0, 0.5, 2.0), 1.5);
        c.add(estimates(2.0, 1.0, 4.0), 2.5);
        c.add(estimates(3.0, 1.5, 6.0), 2.0);
        c.add(DistanceEstimates.firstOrder(1.0, 1.0), 3.0);
        List<EstimateCalibration.Comparison> cmp = c.compare();
        assertEquals(3, cmp.get(0).windows());
        // linear: ratios 1.5, 1.25, 0.667 → median 1.25; above the attack in 1 of 3 windows
        assertEquals(1.25, cmp.get(0).medianRatio(), 1e-12);
        assertEquals(1.0 / 3, cmp.get(0).fractionAboveAttack(), 1e-12);
        // upper: 2 > 1.5, 4 > 2.5, 6 > 2 → always above the verified bound
        assertEquals(1.0, cmp.get(2).fractionAboveAttack(), 1e-12);
    }

    private static DistanceEstimates estimates(double linear, double lower, double upper) {
        return new DistanceEstimates(linear, java.util.OptionalDouble.of(lower), java.util.OptionalDouble.of(upper));
    }
}
