package io.brink.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts points into windows: per series, ordered by ts (a repeated ts keeps the later point), the
 * window ending at each point once T points exist, every {@code stride} points.
 */
public final class SeriesWindows {

    /** One window: its series, the ts of its last point, its raw values (T × d) and its index in the series. */
    public record Window(String series, long ts, double[] values, int indexInSeries) {
    }

    private SeriesWindows() {
    }

    /** Windows of all series, series in order of first appearance, windows in time order within a series. */
    public static Map<String, List<Window>> cut(List<Point> points, int steps, int stride, int features) {
        Map<String, TreeMap<Long, double[]>> bySeries = new LinkedHashMap<>();
        for (Point p : points) {
            bySeries.computeIfAbsent(p.series(), s -> new TreeMap<>(Comparator.naturalOrder())).put(p.ts(), p.values());
        }
        Map<String, List<Window>> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, double[]>> e : bySeries.entrySet()) {
            List<Long> ts = new ArrayList<>(e.getValue().keySet());
            List<double[]> vals = new ArrayList<>(e.getValue().values());
            List<Window> windows = new ArrayList<>();
            int index = 0;
            for (int end = steps - 1; end < ts.size(); end += stride) {
                double[] w = new double[steps * features];
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(vals.get(end - steps + 1 + t), 0, w, t * features, features);
                }
                windows.add(new Window(e.getKey(), ts.get(end), w, index++));
            }
            out.put(e.getKey(), windows);
        }
        return out;
    }
}
