package io.brink.engine.algorithm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distance formulas on hand-computed cases. */
class DistanceEstimatesTest {

    @Test
    void flatBoundaryGivesTheLinearDistance() {
        DistanceEstimates d = DistanceEstimates.of(1.0, 2.0, 0.0, 2.0);
        assertEquals(0.5, d.linear(), 1e-15);
        assertEquals(0.5, d.lower().getAsDouble(), 1e-15);
        assertEquals(0.5, d.upper().getAsDouble(), 1e-15);
    }

    @Test
    void positiveCurvatureShortensTheDistance() {
        // t = 1, ‖J‖ = 2, ν = 4: ‖J‖/ν (√(1 + 2νt/‖J‖²) − 1) = 0.5 (√3 − 1)
        DistanceEstimates d = DistanceEstimates.of(1.0, 2.0, 4.0, 1.0);
        assertEquals(0.5 * (Math.sqrt(3) - 1), d.lower().getAsDouble(), 1e-15);
        // |Jᵀu| = 1: (1/4)(√(1 + 8) − 1) = 0.5
        assertEquals(0.5, d.upper().getAsDouble(), 1e-15);
        assertTrue(d.lower().getAsDouble() <= d.upper().getAsDouble());
    }

    @Test
    void negativeCurvatureCountsAsZero() {
        DistanceEstimates d = DistanceEstimates.of(3.0, 1.5, -10.0, 0.5);
        assertEquals(2.0, d.lower().getAsDouble(), 1e-15);
        assertEquals(6.0, d.upper().getAsDouble(), 1e-15);
    }

    @Test
    void gradientOrthogonalToTheEigenvectorReachesTheBoundaryByCurvatureAlone() {
        // Jᵀu = 0, ν = 2, t = 1: ½ν s² = t → s = 1
        assertEquals(1.0, DistanceEstimates.of(1.0, 1.0, 2.0, 0.0).upper().getAsDouble(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, DistanceEstimates.of(1.0, 1.0, 0.0, 0.0).upper().getAsDouble());
    }

    @Test
    void tinyCurvatureIsNumericallyStable() {
        double t = 0.3;
        double j = 1.7;
        double nu = 1e-12;
        double naive = j / nu * (Math.sqrt(1 + 2 * nu * t / (j * j)) - 1);
        double stable = DistanceEstimates.quadraticRoot(t, j, nu);
        assertEquals(t / j, stable, 1e-12);
        assertTrue(Math.abs(naive - t / j) > Math.abs(stable - t / j));
    }

    @Test
    void withoutCurvatureOnlyTheLinearEstimateIsPresent() {
        DistanceEstimates d = DistanceEstimates.firstOrder(1.0, 4.0);
        assertEquals(0.25, d.linear(), 1e-15);
        assertTrue(d.lower().isEmpty() && d.upper().isEmpty());
    }
}
