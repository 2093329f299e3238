package io.brink.engine;

import io.brink.engine.algorithm.PredictiveSpread;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known answers for the predictive spread, worked by hand. */
class PredictiveSpreadTest {

    @Test
    void twoMembersByHand() {
        // p1 = (0.8, 0.2), p2 = (0.4, 0.6): p̄ = (0.6, 0.4).
        PredictiveSpread s = PredictiveSpread.of("ensemble", new double[] {0.8, 0.2, 0.4, 0.6}, 0, 2, 2);
        assertArrayEquals(new double[] {0.6, 0.4}, s.probabilities(), 1e-15);
        double h = -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4));          // 0.673011667...
        double h1 = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));         // 0.500402423...
        double h2 = -(0.4 * Math.log(0.4) + 0.6 * Math.log(0.6));         // = h
        assertEquals(0.6730116670092565, h, 1e-15);
        assertEquals(h, s.entropy(), 1e-15);
        assertEquals((h1 + h2) / 2, s.expectedEntropy().getAsDouble(), 1e-15);
        assertEquals(h - (h1 + h2) / 2, s.mutualInformation().getAsDouble(), 1e-15);
        // sample std over 2 members: |a − b| / √2
        assertArrayEquals(new double[] {0.4 / Math.sqrt(2), 0.4 / Math.sqrt(2)}, s.probabilityStd().get(), 1e-15);
        // p̄ predicts class 0; member 2 says class 1.
        assertEquals(0.5, s.disagreement().getAsDouble());
    }

    @Test
    void threeMembersThreeClasses() {
        double[] p = {0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1};
        PredictiveSpread s = PredictiveSpread.of("ensemble", p, 0, 3, 3);
        double[] mean = {1.4 / 3, 1.3 / 3, 0.3 / 3};
        assertArrayEquals(mean, s.probabilities(), 1e-15);
        double h = 0;
        for (double v : mean) {
            h -= v * Math.log(v);
        }
        double e = 0;
        for (int m = 0; m < 3; m++) {
            for (int c = 0; c < 3; c++) {
                e -= p[m * 3 + c] * Math.log(p[m * 3 + c]) / 3;
            }
        }
        assertEquals(h, s.entropy(), 1e-15);
        assertEquals(e, s.expectedEntropy().getAsDouble(), 1e-15);
        assertEquals(h - e, s.mutualInformation().getAsDouble(), 1e-15);
        double var0 = (Math.pow(0.7 - mean[0], 2) + Math.pow(0.1 - mean[0], 2) + Math.pow(0.6 - mean[0], 2)) / 2;
        assertEquals(Math.sqrt(var0), s.probabilityStd().get()[0], 1e-15);
        // argmax p̄ = class 0 (1.4/3); member 2 says class 1.
        assertEquals(1.0 / 3, s.disagreement().getAsDouble(), 1e-15);
    }

    @Test
    void identicalMembersHaveNoMutualInformation() {
        double[] one = {0.123456789, 0.3, 0.576543211};
        double[] p = new double[5 * 3];
        for (int m = 0; m < 5; m++) {
            System.arraycopy(one, 0, p, m * 3, 3);
        }
        PredictiveSpread s = PredictiveSpread.of("ensemble", p, 0, 5, 3);
        assertArrayEquals(one, s.probabilities());
        assertEquals(0.0, s.mutualInformation().getAsDouble());
        assertEquals(s.entropy(), s.expectedEntropy().getAsDouble());
        assertArrayEquals(new double[3], s.probabilityStd().get());
        assertEquals(0.0, s.disagreement().getAsDouble());
    }

    @Test
    void oneMemberHasOnlyTheEntropy() {
        PredictiveSpread s = PredictiveSpread.single("single", new double[] {0.25, 0.75});
        assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), s.entropy(), 1e-15);
        assertTrue(s.expectedEntropy().isEmpty() && s.mutualInformation().isEmpty() && s.probabilityStd().isEmpty()
                && s.disagreement().isEmpty());
    }
}
