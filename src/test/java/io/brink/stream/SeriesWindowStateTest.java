package io.brink.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesWindowStateTest {

    @Test
    void keepsTheLastPointsInTimestampOrderAndSurvivesSerialization() {
        SeriesWindowState s = new SeriesWindowState(3, 1);
        assertEquals(SeriesWindowState.Placement.APPENDED, s.offer(10, new double[] {1}));
        assertEquals(SeriesWindowState.Placement.APPENDED, s.offer(30, new double[] {3}));
        assertEquals(SeriesWindowState.Placement.INSERTED, s.offer(20, new double[] {2}));
        assertArrayEquals(new double[] {1, 2, 3}, s.windowValues());
        assertEquals(SeriesWindowState.Placement.INSERTED, s.offer(25, new double[] {2.5}));
        assertArrayEquals(new double[] {2, 2.5, 3}, s.windowValues());
        assertEquals(SeriesWindowState.Placement.TOO_OLD, s.offer(5, new double[] {0}));
        assertEquals(SeriesWindowState.Placement.REPLACED, s.offer(30, new double[] {33}));
        assertEquals(SeriesWindowState.Placement.APPENDED, s.offer(40, new double[] {4}));
        assertArrayEquals(new double[] {2.5, 33, 4}, s.windowValues());
        SeriesWindowState back = SeriesWindowState.fromBytes(s.toBytes());
        assertArrayEquals(s.windowValues(), back.windowValues());
        assertEquals(40, back.maxTs());
        assertEquals(40, back.lastTs());
    }
}
