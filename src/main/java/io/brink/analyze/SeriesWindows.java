package io.brink.analyze;

import io.brink.record.Point;
import io.brink.window.SeriesWindowState;
import io.brink.window.Window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a file's points into windows by the pipeline's own windowing rule: per series, the points sorted by
 * ts (a repeated ts keeps the later point) are replayed through a {@link SeriesWindowState}.
 */
public final class SeriesWindows {

    private SeriesWindows() {
    }

    /** Windows of all series, series in order of first appearance, windows in time order within a series. */
    public static Map<String, List<Window>> cut(List<Point> points, int steps, int stride, int features) {
        Map<String, TreeMap<Long, double[]>> bySeries = new LinkedHashMap<>();
        for (Point p : points) {
            bySeries.computeIfAbsent(p.series(), s -> new TreeMap<>()).put(p.ts(), p.values());
        }
        Map<String, List<Window>> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, double[]>> e : bySeries.entrySet()) {
            SeriesWindowState state = new SeriesWindowState(steps, features);
            List<Window> windows = new ArrayList<>();
            for (Map.Entry<Long, double[]> point : e.getValue().entrySet()) {
                state.offer(e.getKey(), point.getKey(), point.getValue(), 0, stride).window().ifPresent(windows::add);
            }
            out.put(e.getKey(), windows);
        }
        return out;
    }
}
