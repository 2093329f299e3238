package io.brink.calibration;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformal rule ({@link AdaptiveConformal}): the split-conformal quantile, the log-scale offset stepped once per batch,
 * its clip, the telescoping identity behind the long-run guarantee under any feedback, never-empty
 * sets, and a restore that continues exactly. The shifted, bursty stream is {@code io.brink.bench.ConformalShiftTest}.
 */
class AdaptiveConformalTest {

    static double[] p(double... v) {
        return v;
    }

    @Test
    void theThresholdIsTheSplitConformalQuantileUntilABatchCompletes() {
        AdaptiveConformal a = new AdaptiveConformal(0.1, 0.5, 100, 10);
        assertEquals(SetRule.Kind.ALL, a.rule().kind(), "no scores yet: every class");
        for (int i = 1; i <= 9; i++) {
            a.update(p(1 - i / 20.0, i / 20.0), 0, true);          // scores 0.05 … 0.45
        }
        // n = 9: rank ⌈10·0.9⌉ = 9 → the largest, 0.45; offset still 0 (the batch of 10 is open)
        assertEquals(SetRule.Kind.THRESHOLD, a.rule().kind());
        assertEquals(0.45, a.rule().threshold().getAsDouble(), 1e-12);
        assertEquals(0.0, a.offset());
        a.update(p(0.5, 0.5), 1, false);                           // 10th outcome, a miss: err̄ = 0.1 → δ += 0.5·(0.1 − 0.1) = 0
        assertEquals(0.0, a.offset(), 1e-15);
        for (int i = 0; i < 10; i++) {
            a.update(p(0.8, 0.2), 1, i < 4);                       // 6 misses of 10: δ = 0.5·(0.6 − 0.1) = 0.25 nats
        }
        assertEquals(0.25, a.offset(), 1e-12);
        // n = 20 scores: rank ⌈21·0.9⌉ = 19; the 19th smallest is 0.8; threshold 1 − (1 − 0.8)·e^−0.25
        assertEquals(1 - 0.2 * Math.exp(-0.25), a.rule().threshold().getAsDouble(), 1e-12);
    }

    @Test
    void setsAreNeverEmptyAndTheClipMakesThemFull() {
        assertEquals(List.of(1), SetRule.threshold(0).apply(p(0.2, 0.5, 0.3)), "the top class is always in");
        assertEquals(List.of(1), new SetRule(SetRule.Kind.NONE, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty())
                .apply(p(0.2, 0.5, 0.3)), "NONE from an older record: the top class alone");
        assertEquals(List.of(0, 1, 2), SetRule.all().apply(p(0.2, 0.5, 0.3)));
        assertEquals(List.of(1, 2), SetRule.threshold(0.7).apply(p(0.2, 0.5, 0.3)));
        AdaptiveConformal a = new AdaptiveConformal(0.1, 10, 50, 1);
        for (int i = 0; i < 100; i++) {
            a.update(p(0.9, 0.1), 1, false);                       // every set missed: δ climbs to its bound
        }
        assertEquals(AdaptiveConformal.OFFSET_BOUND, a.offset(), 1e-12);
        assertEquals(SetRule.Kind.ALL, a.rule().kind(), "a threshold past 1 − 1e-12 is every class");
        for (int i = 0; i < 100; i++) {
            a.update(p(0.9, 0.1), 0, true);
        }
        assertEquals(-AdaptiveConformal.OFFSET_BOUND, a.offset(), 1e-12);
        assertEquals(List.of(0), a.rule().apply(p(0.9, 0.1)), "the lowest threshold still gives the top class");
    }

    /**
     * Σ_k (err̄_k − α) = δ_K / γ whatever decides the misses (here a random, adversarially clustered sequence) and whenever
     * the outcomes come: the long-run miscoverage is α + δ_K/(γK).
     */
    @Test
    void theBatchErrorsTelescopeIntoTheOffset() {
        Random rnd = new Random(3);
        AdaptiveConformal a = new AdaptiveConformal(0.1, 0.05, 200, 25);
        double sum = 0;
        int batches = 0;
        int missed = 0;
        for (int t = 1; t <= 25 * 400; t++) {
            boolean miss = rnd.nextDouble() < (t % 3000 < 1500 ? 0.3 : 0.02);
            missed += miss ? 1 : 0;
            a.update(p(0.6, 0.4), rnd.nextInt(2), !miss);
            if (t % 25 == 0) {
                sum += missed / 25.0 - 0.1;
                batches++;
                missed = 0;
            }
        }
        assertEquals(400, batches);
        assertEquals(sum, a.offset() / 0.05, 1e-9);
        assertTrue(Math.abs(a.offset()) < AdaptiveConformal.OFFSET_BOUND);
    }

    @Test
    void aRestoredRuleContinuesExactly() {
        restoredRuleContinuesExactly(new CalibrationSettings(100, 0.1, 0.2, 60, 100, 7));
    }

    @Test
    void aRestoredPenalizedRuleContinuesExactly() {
        restoredRuleContinuesExactly(new CalibrationSettings(100, 0.1, 0.2, 60, 100, 7, 3, 0.08, 50));
    }

    private static void restoredRuleContinuesExactly(CalibrationSettings s) {
        Random rnd = new Random(9);
        ModelCalibration live = new ModelCalibration(s);
        List<Labelled> recent = new java.util.ArrayList<>();
        List<ModelCalibration.Coverage> coverage = new java.util.ArrayList<>();
        for (int t = 0; t < 500; t++) {
            double a = rnd.nextDouble();
            double[] pr = p(a, (1 - a) / 2, (1 - a) / 2);
            int y = rnd.nextInt(3);
            List<Integer> set = live.rule().apply(pr);
            live.labelled(pr, y, set);
            recent.add(new Labelled(pr, y));
            coverage.add(new ModelCalibration.Coverage(set.contains(y), set.size(), y, set.size() == 3));
        }
        ModelCalibration back = ModelCalibration.restore(s, live.saved(), recent.subList(400, 500), coverage.subList(400, 500),
                List.of());
        assertEquals(live.rule(), back.rule());
        assertEquals(live.rollingClassCoverage(), back.rollingClassCoverage());
        assertEquals(live.classCoverage(), back.classCoverage());
        assertEquals(live.fullSetShare(), back.fullSetShare());
        for (int t = 0; t < 50; t++) {
            double[] pr = p(0.5, 0.3, 0.2);
            live.labelled(pr, t % 3, live.rule().apply(pr));
            back.labelled(pr, t % 3, back.rule().apply(pr));
            assertEquals(live.rule(), back.rule());
        }
        assertFalse(live.rule().kind() == SetRule.Kind.NONE);
    }
}
