package io.brink.window;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The versioned binary state formats read what earlier builds wrote (format 0, no version byte: bytes written
 * by the last such build and kept in src/test/resources/state), and what they write themselves.
 */
class FormatZeroTest {

    static byte[] fixture(String name) throws Exception {
        return FormatZeroFixtures.bytes(name);
    }

    @Test
    void readsASeriesWindowStateOfFormatZero() throws Exception {
        SeriesWindowState s = SeriesWindowState.fromBytes(fixture("series_window_state"));
        assertEquals(4, s.capacity());
        assertEquals(2, s.features());
        assertEquals(3, s.size());
        assertEquals(30, s.maxTs());
        assertEquals(30, s.lastTs());
        assertArrayEquals(new double[] {0.5, -1.25, -0.75, 1e-3, 2.0, 3.5}, s.windowValues());
        // 3 points counted since window 0: with stride 5 the second new point makes window 1 (the first fills the buffer)
        s.offer("x", 40, new double[] {9, 9}, 0, 5);
        Window w = s.offer("x", 50, new double[] {8, 8}, 0, 5).window().orElseThrow();
        assertEquals(1, w.seq());
        SeriesWindowState again = SeriesWindowState.fromBytes(s.toBytes());
        assertArrayEquals(s.windowValues(), again.windowValues());
    }

    @Test
    void readsAWindowOfFormatZero() throws Exception {
        Window w = Window.fromBytes(fixture("window_task"));
        assertEquals(new Window("DAX", 1234567L, 42L, 3, 2, new double[] {1, 2, 3, 4, 5, 6.5}).queueKey(), w.queueKey());
        assertEquals(1234567L, w.ts());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6.5}, w.values());
        Window back = Window.fromBytes(w.toBytes());
        assertEquals(Window.FORMAT, w.toBytes()[0]);
        assertArrayEquals(w.values(), back.values());
        assertEquals(w.series(), back.series());
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] b = new Window("A", 1, 2, 1, 1, new double[] {3}).toBytes();
        b[0] = 7;
        assertThrows(IllegalArgumentException.class, () -> Window.fromBytes(b));
    }
}
