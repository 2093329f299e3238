package io.brink.stream;

import io.brink.config.Tier1Policy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tier-1 selection as pure logic: flagged windows first, most fragile first, then every Nth window. */
class Tier1SelectorTest {

    static Tier1Selector selector(double marginBelow, double distanceBelow, int every) {
        return new Tier1Selector(new Tier1Policy(marginBelow, distanceBelow, every, 1024, 64, 500, Tier1Policy.Overflow.SKIP,
                Tier1ProcessorTest.stages(java.util.Map.of())));
    }

    static Tier1Selector.Candidate c(long seq, double margin, double distance) {
        return new Tier1Selector.Candidate(seq, margin, distance);
    }

    @Test
    void flaggedWindowsComeFirstMostFragileFirstThenThePeriodicOnes() {
        List<Tier1Selector.Candidate> batch = List.of(
                c(1, 2.0, 0.20),   // flagged by distance
                c(2, 2.0, 0.90),   // not flagged; seq 2 is not a multiple of 5
                c(5, 2.0, 0.80),   // periodic
                c(7, 0.10, 0.60),  // flagged by margin
                c(10, 0.30, 0.05), // flagged by both, most fragile
                c(15, 3.0, 2.0));  // periodic
        assertEquals(List.of(4, 0, 3, 2, 5), selector(0.5, 0.25, 5).select(batch));
    }

    @Test
    void nothingIsSelectedWhenThresholdsAndThePeriodAreOff() {
        List<Tier1Selector.Candidate> batch = List.of(c(0, 0.01, 0.001), c(20, 0.5, 0.5));
        assertEquals(List.of(), selector(-1, -1, 0).select(batch));
        assertEquals(List.of(0, 1), selector(-1, -1, 20).select(batch), "every 20th window: seq 0 and 20");
    }

    @Test
    void aWindowWithoutADistanceIsNotFlaggedByDistance() {
        assertEquals(List.of(), selector(0.5, 0.25, 0).select(List.of(c(1, 1.0, Double.NaN))));
    }
}
