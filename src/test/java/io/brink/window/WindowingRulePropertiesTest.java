package io.brink.window;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the windowing rule, for any order of arrival within the grace period: the window always holds the
 * T latest distinct timestamps in ts order with the last value offered for each; in-order points give the first
 * window at the T-th point and then one every stride; sequence numbers count up from 0; and the binary form
 * carries the whole state.
 */
class WindowingRulePropertiesTest {

    /** Offers: timestamps from a small range (so there are duplicates and reorderings), one value each. */
    @Provide
    Arbitrary<List<long[]>> offers() {
        return Arbitraries.longs().between(0, 60).list().ofMinSize(0).ofMaxSize(120)
                .map(ts -> {
                    List<long[]> out = new ArrayList<>();
                    for (int i = 0; i < ts.size(); i++) {
                        out.add(new long[] {ts.get(i), i});
                    }
                    return out;
                });
    }

    @Property(tries = 1000)
    void theWindowHoldsTheLatestDistinctTimestampsWithTheirLastValues(@ForAll("offers") List<long[]> offers,
                                                                       @ForAll @IntRange(min = 1, max = 8) int capacity,
                                                                       @ForAll @IntRange(min = 1, max = 5) int stride) {
        SeriesWindowState s = new SeriesWindowState(capacity, 1);
        TreeMap<Long, Double> latest = new TreeMap<>();
        long seq = 0;
        for (long[] o : offers) {
            SeriesWindowState.Offer r = s.offer("s", o[0], new double[] {o[1]}, Long.MAX_VALUE / 4, stride);
            if (r.placement() != SeriesWindowState.Placement.TOO_OLD) {
                latest.put(o[0], (double) o[1]);
            } else {
                assertTrue(latest.size() >= capacity && o[0] < latest.descendingKeySet().stream().skip(capacity - 1).findFirst()
                        .orElseThrow(), "only a point older than the whole full window is too old");
            }
            if (r.window().isPresent()) {
                Window w = r.window().get();
                assertEquals(seq++, w.seq(), "windows are numbered 0, 1, 2, …");
                assertEquals(capacity, w.values().length);
                assertEquals(s.lastTs(), w.ts());
            }
        }
        double[] expected = latest.descendingMap().entrySet().stream().limit(capacity).map(Map.Entry::getValue).toList()
                .stream().mapToDouble(Double::doubleValue).toArray();
        double[] ordered = new double[expected.length];
        for (int i = 0; i < expected.length; i++) {
            ordered[i] = expected[expected.length - 1 - i];
        }
        assertArrayEquals(ordered, s.windowValues());
        SeriesWindowState back = SeriesWindowState.fromBytes(s.toBytes());
        assertArrayEquals(s.windowValues(), back.windowValues());
        assertEquals(s.maxTs(), back.maxTs());
        assertEquals(s.size(), back.size());
    }

    @Property(tries = 300)
    void inOrderPointsGiveAWindowAtTheTthPointThenEveryStride(@ForAll @IntRange(min = 1, max = 8) int capacity,
                                                               @ForAll @IntRange(min = 1, max = 12) int stride,
                                                               @ForAll @IntRange(min = 0, max = 60) int points) {
        SeriesWindowState s = new SeriesWindowState(capacity, 1);
        List<Long> ends = new ArrayList<>();
        for (int t = 1; t <= points; t++) {
            s.offer("s", t, new double[] {t}, 0, stride).window().ifPresent(w -> ends.add(w.ts()));
        }
        List<Long> expected = new ArrayList<>();
        for (long end = capacity; end <= points; end += stride) {
            expected.add(end);
        }
        assertEquals(expected, ends);
    }

    @Property(tries = 300)
    void aLatePointChangesNothing(@ForAll("offers") List<long[]> offers, @ForAll @IntRange(min = 0, max = 20) int grace) {
        SeriesWindowState s = new SeriesWindowState(4, 1);
        for (long[] o : offers) {
            double[] before = s.windowValues();
            long maxBefore = s.maxTs();
            SeriesWindowState.Offer r = s.offer("s", o[0], new double[] {o[1]}, grace, 1);
            if (r.placement() == SeriesWindowState.Placement.LATE) {
                assertTrue(o[0] < maxBefore - grace);
                assertArrayEquals(before, s.windowValues());
                assertTrue(r.window().isEmpty());
            }
        }
    }
}
