package io.brink.calibration;

import io.brink.record.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fewer abstentions: the penalized score and rule ({@link SetRule#penalized}), the conformal quantile on that score, and the
 * full-set budget where sets are given ({@link FullSetBudget}).
 */
class FullSetsTest {

    static double[] p(double... v) {
        return v;
    }

    @Test
    void thePenaltyFallsOnTheLeastLikelyClassOnly() {
        double[] pr = p(0.5, 0.3, 0.2);
        assertEquals(-Math.log(0.5), SetRule.penalizedScore(pr, 0, 3), 1e-15);
        assertEquals(-Math.log(0.3), SetRule.penalizedScore(pr, 1, 3), 1e-15);
        assertEquals(-Math.log(0.2) + 3, SetRule.penalizedScore(pr, 2, 3), 1e-15);
        assertEquals(-Math.log(0.25) + 3, SetRule.penalizedScore(p(0.5, 0.25, 0.25), 1, 3), 1e-15, "a tie for last: both penalized");
        assertEquals(-Math.log(1.0 / 3), SetRule.penalizedScore(p(1.0 / 3, 1.0 / 3, 1.0 / 3), 0, 3), 1e-15, "all equal: none is last");
        assertEquals(-Math.log(1e-12) + 3, SetRule.penalizedScore(p(1, 0), 1, 3), 1e-12, "p below 1e-12 counts as 1e-12");
    }

    @Test
    void aPenalizedSetTakesEveryClassOnlyPastThePenalty() {
        double[] pr = p(0.5, 0.3, 0.2);
        assertEquals(List.of(0), SetRule.penalized(0.1, 3).apply(pr), "the top class is always in");
        assertEquals(List.of(0, 1), SetRule.penalized(-Math.log(0.2) + 2.9, 3).apply(pr),
                "a threshold past −ln 0.2 but short of the penalty: two classes");
        assertEquals(List.of(0, 1, 2), SetRule.penalized(-Math.log(0.2) + 3, 3).apply(pr));
        assertEquals(SetRule.threshold(0.75).apply(pr), SetRule.penalized(-Math.log(0.25), 0).apply(pr),
                "no penalty: the threshold rule on the log scale");
    }

    @Test
    void penalizedRulesTravelAsJsonAndOldRecordsStillRead() throws Exception {
        SetRule r = SetRule.penalized(4.25, 3);
        String json = Json.mapper().writeValueAsString(r);
        assertEquals("{\"kind\":\"PENALIZED\",\"threshold_nats\":4.25,\"full_penalty_nats\":3.0}", json);
        assertEquals(r, Json.mapper().readValue(json, SetRule.class));
        assertEquals(SetRule.threshold(0.7), Json.mapper().readValue("{\"kind\":\"THRESHOLD\",\"threshold\":0.7}", SetRule.class));
        assertThrows(Exception.class, () -> Json.mapper().readValue("{\"kind\":\"PENALIZED\",\"threshold\":0.7}", SetRule.class));
    }

    /** The rule's threshold is the ⌈(n + 1)(1 − α)⌉-th smallest penalized score plus the offset. */
    @Test
    void theQuantileIsTakenOnThePenalizedScore() {
        AdaptiveConformal a = new AdaptiveConformal(0.1, 0.5, 100, 1000, 2);
        Random rnd = new Random(5);
        double[] scores = new double[99];
        for (int i = 0; i < 99; i++) {
            double x = 0.2 + 0.6 * rnd.nextDouble();
            double[] pr = p(x, (1 - x) * 0.7, (1 - x) * 0.3);
            int y = rnd.nextInt(3);
            scores[i] = SetRule.penalizedScore(pr, y, 2);
            a.update(pr, y, true);
        }
        java.util.Arrays.sort(scores);
        SetRule r = a.rule();
        assertEquals(SetRule.Kind.PENALIZED, r.kind());
        assertEquals(scores[89], r.thresholdNats().getAsDouble(), 1e-15, "rank ⌈100·0.9⌉ = 90");
        assertEquals(2.0, r.fullPenaltyNats().getAsDouble());
    }

    @Test
    void theBudgetCutsFullSetsPastItsShareAndKeepsTheTopClass() {
        FullSetBudget b = new FullSetBudget(0.1, 20);
        SetRule every = SetRule.penalized(100, 3);
        int full = 0;
        for (int i = 0; i < 20; i++) {
            List<Integer> set = b.give(every, p(0.2, 0.5, 0.3));
            assertTrue(set.contains(1), "the top class stays");
            full += set.size() == 3 ? 1 : 0;
            if (set.size() == 2) {
                assertEquals(List.of(1, 2), set, "the least likely class goes");
            }
        }
        assertEquals(2, full, "10% of 20");
        assertEquals(18, b.cut());
        for (int i = 0; i < 20; i++) {
            b.give(SetRule.penalized(0, 3), p(0.2, 0.5, 0.3));     // top class alone: the window slides
        }
        assertEquals(3, b.give(every, p(0.2, 0.5, 0.3)).size(), "the budget frees as full sets leave the window");
        assertEquals(List.of(0, 1), b.give(every, p(0.4, 0.4, 0.2)).size() == 3 ? List.of(0, 1) : b.give(every, p(0.4, 0.4, 0.2)));
    }

    @Test
    void setsOfTheAllRuleAreNotCutAndABudgetOfOneNeverCuts() {
        FullSetBudget b = new FullSetBudget(0.1, 10);
        for (int i = 0; i < 30; i++) {
            assertEquals(3, b.give(SetRule.all(), p(0.2, 0.5, 0.3)).size(), "no calibration yet: every class");
        }
        assertEquals(2, b.give(SetRule.threshold(0.9), p(0.2, 0.5, 0.3)).size(), "the ALL sets spent the budget");
        FullSetBudget none = new FullSetBudget(1, 10);
        for (int i = 0; i < 30; i++) {
            assertEquals(3, none.give(SetRule.threshold(0.9), p(0.2, 0.5, 0.3)).size());
        }
        assertEquals(0, none.cut());
        assertEquals(List.of(0), new FullSetBudget(0.5, 4).give(SetRule.threshold(0.9), p(1.0)), "one class: nothing to cut");
        assertThrows(IllegalArgumentException.class, () -> new FullSetBudget(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new FullSetBudget(0.1, 0));
    }
}
