package io.brink.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The windowing rule: ts order, grace, duplicates, the stride, and its binary form. */
class SeriesWindowStateTest {

    static SeriesWindowState.Placement offer(SeriesWindowState s, long ts, double v) {
        return s.offer("s", ts, new double[] {v}, Long.MAX_VALUE / 2, 1).placement();
    }

    @Test
    void keepsTheLastPointsInTimestampOrderAndSurvivesSerialization() {
        SeriesWindowState s = new SeriesWindowState(3, 1);
        assertEquals(SeriesWindowState.Placement.APPENDED, offer(s, 10, 1));
        assertEquals(SeriesWindowState.Placement.APPENDED, offer(s, 30, 3));
        assertEquals(SeriesWindowState.Placement.INSERTED, offer(s, 20, 2));
        assertArrayEquals(new double[] {1, 2, 3}, s.windowValues());
        assertEquals(SeriesWindowState.Placement.INSERTED, offer(s, 25, 2.5));
        assertArrayEquals(new double[] {2, 2.5, 3}, s.windowValues());
        assertEquals(SeriesWindowState.Placement.TOO_OLD, offer(s, 5, 0));
        assertEquals(SeriesWindowState.Placement.REPLACED, offer(s, 30, 33));
        assertEquals(SeriesWindowState.Placement.APPENDED, offer(s, 40, 4));
        assertArrayEquals(new double[] {2.5, 33, 4}, s.windowValues());
        SeriesWindowState back = SeriesWindowState.fromBytes(s.toBytes());
        assertArrayEquals(s.windowValues(), back.windowValues());
        assertEquals(40, back.maxTs());
        assertEquals(40, back.lastTs());
        assertEquals(SeriesWindowState.FORMAT, s.toBytes()[0], "the binary form starts with its format version");
    }

    @Test
    void aPointBeyondTheGraceIsLateAndChangesNothing() {
        SeriesWindowState s = new SeriesWindowState(2, 1);
        s.offer("s", 100, new double[] {1}, 10, 1);
        assertEquals(SeriesWindowState.Placement.LATE, s.offer("s", 89, new double[] {9}, 10, 1).placement());
        assertEquals(SeriesWindowState.Placement.INSERTED, s.offer("s", 90, new double[] {2}, 10, 1).placement());
        assertArrayEquals(new double[] {2, 1}, s.windowValues());
    }

    /** Windows (last ts, seq) emitted for points 1..n in order. */
    static List<long[]> windows(int capacity, int stride, int n) {
        SeriesWindowState s = new SeriesWindowState(capacity, 1);
        List<long[]> out = new ArrayList<>();
        for (int t = 1; t <= n; t++) {
            s.offer("s", t, new double[] {t}, 0, stride).window().ifPresent(w -> out.add(new long[] {w.ts(), w.seq()}));
        }
        return out;
    }

    @Test
    void theFirstWindowComesWithTheTthPointThenOneEveryStride() {
        List<long[]> a = windows(3, 2, 9);
        assertEquals(List.of(3L, 5L, 7L, 9L), a.stream().map(w -> w[0]).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), a.stream().map(w -> w[1]).toList());
        // a stride longer than the window: still the first window as soon as T points exist
        assertEquals(List.of(3L, 8L, 13L), windows(3, 5, 14).stream().map(w -> w[0]).toList());
        assertEquals(List.of(3L, 4L, 5L), windows(3, 1, 5).stream().map(w -> w[0]).toList());
    }

    @Test
    void aWindowCarriesItsSeriesSequenceAndValues() {
        SeriesWindowState s = new SeriesWindowState(2, 2);
        s.offer("DAX", 1, new double[] {1, 2}, 0, 1);
        Window w = s.offer("DAX", 2, new double[] {3, 4}, 0, 1).window().orElseThrow();
        assertEquals(new Window("DAX", 2, 0, 2, 2, new double[] {1, 2, 3, 4}).queueKey(), w.queueKey());
        assertArrayEquals(new double[] {1, 2, 3, 4}, w.values());
        assertTrue(s.offer("DAX", 2, new double[] {5, 6}, 0, 1).window().isEmpty(), "a replaced point makes no new window");
    }
}
