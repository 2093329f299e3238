package io.brink.report;

import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's reductions on hand-made records, against values worked out by hand. */
class ModelStatsTest {

    /** A window: predicted class, confidence, margin, attack distance (NaN: attacked, no flip), lower estimate. */
    static ScoreRecord rec(String series, long ts, int predicted, double confidence, double margin, double attack, double lower,
                           double curvature, List<ScoreRecord.RadiusProbability> flips) {
        double[] p = {0, 0, 0};
        p[predicted] = confidence;
        p[(predicted + 1) % 3] = 1 - confidence;
        Optional<ScoreRecord.AttackDistance> a = Optional.of(new ScoreRecord.AttackDistance(Double.isNaN(attack) ? OptionalDouble.empty()
                : OptionalDouble.of(attack)));
        return new ScoreRecord(series, ts, ts, "m", "v", Tier.ONE, "c" + predicted, predicted, "c" + (predicted + 1) % 3, p,
                OptionalDouble.of(margin), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty(),
                OptionalDouble.empty(), "single", 1, Optional.empty(), OptionalDouble.of(1), OptionalDouble.of(curvature),
                OptionalDouble.of(0.5), Optional.of(true), OptionalInt.of(10), OptionalDouble.of(2), OptionalDouble.of(lower * 1.2),
                OptionalDouble.of(lower), OptionalDouble.of(lower * 1.1), a, Optional.ofNullable(flips), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalDouble.of(8), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void robustAccuracyCountsCorrectWindowsNotFlippedWithinEpsilon() {
        // Labels: w1 right, w2 right, w3 wrong, w4 right (attack found no flip), w5 unlabelled.
        List<ScoreRecord> r = List.of(rec("a", 1, 0, 0.9, 2, 0.5, 0.4, 1, null), rec("a", 2, 1, 0.8, 1, 1.5, 1.0, 2, null),
                rec("a", 3, 2, 0.7, 1, 0.2, 0.1, 3, null), rec("a", 4, 0, 0.6, 3, Double.NaN, 2.0, 4, null),
                rec("a", 5, 0, 0.6, 3, 0.1, 2.0, 5, null));
        Map<Long, Integer> labels = Map.of(1L, 0, 2L, 1, 3L, 0, 4L, 0);
        ModelRun run = new ModelRun("m", "d", r, (s, ts) -> Optional.ofNullable(labels.get(ts)),
                Optional.of(new io.brink.analyze.LabelSummary(4, OptionalDouble.of(0.75), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 0.9, "single", Optional.empty(),
                        Optional.empty())), 1);
        ModelStats m = new ModelStats(run);
        assertEquals(0.75, m.accuracy.getAsDouble(), 1e-15);
        assertEquals(4, m.labelledWindows);
        ModelStats.Curve c = m.robustness(new double[] {0, 0.5, 1, 2});
        // ε = 0: 3 of 4 correct; ε = 0.5: w1 flipped at 0.5 ≤ ε, so 2; ε = 1: 2; ε = 2: w2 flipped at 1.5, so 1 (w4 never).
        assertArrayEquals(new double[] {0.75, 0.5, 0.5, 0.25}, c.y(), 1e-15);
        assertEquals(4, m.flipped);
        assertEquals(5, m.attacked);
        // Attack distances of the flipped windows: 0.1, 0.2, 0.5, 1.5 → median 0.35, quartiles by interpolation.
        assertEquals(0.35, m.attackDistance.orElseThrow().median(), 1e-12);
        assertEquals(0.175, m.attackDistance.orElseThrow().q1(), 1e-12);
        assertEquals(0.75, m.attackDistance.orElseThrow().q3(), 1e-12);
        // log10(lower/attack) for w1, w2, w3, w5: 0.4/0.5, 1/1.5, 0.1/0.2, 2/0.1 → one above 0 of 4.
        assertEquals(4, m.logRatio.length);
        assertEquals(0.25, m.ratioAboveOne.getAsDouble(), 1e-15);
    }

    @Test
    void stabilityWithoutLabelsAndPooledFlipsWithWilsonIntervals() {
        List<ScoreRecord.RadiusProbability> f1 = List.of(new ScoreRecord.RadiusProbability(0.1, 0.25, 0, 1, 8),
                new ScoreRecord.RadiusProbability(1.0, 0.5, 0, 1, 8));
        List<ScoreRecord.RadiusProbability> f2 = List.of(new ScoreRecord.RadiusProbability(0.1, 0.0, 0, 1, 8),
                new ScoreRecord.RadiusProbability(1.0, 1.0, 0, 1, 8));
        List<ScoreRecord> r = List.of(rec("a", 1, 0, 0.9, 2, 0.5, 0.4, 1, f1), rec("b", 1, 1, 0.8, 1, Double.NaN, 1.0, 2, f2));
        ModelStats m = new ModelStats(new ModelRun("m", "d", r, (s, t) -> Optional.empty(), Optional.empty(), 1));
        assertFalse(m.accuracy.isPresent());
        assertArrayEquals(new double[] {1, 0.5, 0.5}, m.robustness(new double[] {0.4, 0.5, 9}).y(), 1e-15);
        assertEquals(2, m.flips.size());
        assertEquals(2.0 / 16, m.flips.get(0).rate(), 1e-15);
        assertEquals(12.0 / 16, m.flips.get(1).rate(), 1e-15);
        // Wilson 95% for 2 of 16: [0.0350, 0.3604] (z = 1.96).
        assertEquals(0.0350, m.flips.get(0).lower(), 5e-4);
        assertEquals(0.3604, m.flips.get(0).upper(), 5e-4);
        assertTrue(m.reliability.isEmpty());
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, Svg.niceTicks(0, 1), 1e-12);
        assertArrayEquals(new double[] {0, 500, 1000, 1500, 2000, 2500}, Svg.niceTicks(0, 2600), 1e-9);
        assertEquals(0.5, ModelStats.quantile(new double[] {0, 1}, 0.5), 0);
    }
}
