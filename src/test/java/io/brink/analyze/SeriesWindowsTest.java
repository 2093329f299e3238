package io.brink.analyze;

import io.brink.record.Point;
import io.brink.window.Window;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesWindowsTest {

    static Point p(String s, long ts, double v) {
        return new Point(s, ts, new double[] {v});
    }

    @Test
    void windowsAreOrderedByTimestampWithDuplicatesReplacedAndStrided() {
        List<Point> pts = List.of(p("a", 3, 3), p("a", 1, 1), p("b", 1, 10), p("a", 2, 2), p("a", 4, 4), p("a", 2, 22),
                p("a", 5, 5), p("a", 6, 6));
        Map<String, List<Window>> w = SeriesWindows.cut(pts, 3, 2, 1);
        assertEquals(List.of("a", "b"), List.copyOf(w.keySet()));
        List<Window> a = w.get("a");
        assertEquals(2, a.size());
        assertEquals(3, a.get(0).ts());
        assertArrayEquals(new double[] {1, 22, 3}, a.get(0).values());
        assertEquals(5, a.get(1).ts());
        assertArrayEquals(new double[] {3, 4, 5}, a.get(1).values());
        assertEquals(0, w.get("b").size());
    }
}
