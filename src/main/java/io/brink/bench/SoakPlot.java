package io.brink.bench;

import java.util.List;
import java.util.Locale;

/**
 * The soak's plot as a self-contained SVG (hand-written: four small line charts need no library): memory
 * (heap, engine off-heap, RSS), input lag, point-to-score latency (p50, p99) and windows scored per second,
 * each against time, so that "flat" can be seen at a glance.
 */
final class SoakPlot {

    private static final int WIDTH = 760, PANEL = 170, LEFT = 70, RIGHT = 20, TOP = 40, GAP = 50;
    private static final String[] COLORS = {"#1f77b4", "#9467bd", "#2ca02c", "#d62728"};

    private SoakPlot() {
    }

    /**
     * Rows as written by {@link Soak}: t, heap, off-heap, RSS, lag, p50, p99, max latency, windows/s, committed heap;
     * those before {@code warmupSeconds} (the calibration's backlog draining) are left out of the plot.
     */
    static String svg(List<double[]> all, double max, double rate, double warmupSeconds) {
        List<double[]> rows = all.stream().filter(r -> r[0] >= warmupSeconds).toList();
        StringBuilder b = new StringBuilder();
        int height = TOP + 4 * (PANEL + GAP) + 10;
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\">Brink soak: %.0f points/s, %.0f%% of the %.0f windows/s "
                + "measured; %d samples after %.0f s of warm-up</text>%n", LEFT, rate, 100 * rate / max, max, rows.size(), warmupSeconds));
        panel(b, rows, 0, "memory (MB)", new int[] {1, 9, 2, 3}, new String[] {"heap used", "heap committed", "engine off-heap", "RSS"});
        panel(b, rows, 1, "input lag (records)", new int[] {4}, new String[] {"lag"});
        panel(b, rows, 2, "point-to-score latency (ms)", new int[] {5, 6}, new String[] {"p50", "p99"});
        panel(b, rows, 3, "tier-0 windows scored per second", new int[] {8}, new String[] {"windows/s"});
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, List<double[]> rows, int index, String title, int[] columns, String[] names) {
        int y0 = TOP + index * (PANEL + GAP) + 20;
        int w = WIDTH - LEFT - RIGHT;
        double tMax = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1)[0]);
        double tMin = rows.isEmpty() ? 0 : rows.get(0)[0];
        double vMax = 0;
        for (double[] r : rows) {
            for (int c : columns) {
                if (Double.isFinite(r[c])) {
                    vMax = Math.max(vMax, r[c]);
                }
            }
        }
        vMax = vMax <= 0 ? 1 : niceCeiling(vMax * 1.1);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, y0 - 6, title));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, y0, w, PANEL));
        for (int i = 0; i <= 4; i++) {
            double v = vMax * i / 4;
            int y = y0 + PANEL - PANEL * i / 4;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + w, y, y, LEFT - 4, y + 4, label(v)));
        }
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + w * i / 5;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>%n", x, y0 + PANEL + 14,
                    tMin + (tMax - tMin) * i / 5));
        }
        for (int k = 0; k < columns.length; k++) {
            StringBuilder points = new StringBuilder();
            for (double[] r : rows) {
                if (Double.isFinite(r[columns[k]])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + w * (r[0] - tMin) / Math.max(1e-9, tMax - tMin),
                            y0 + PANEL - PANEL * r[columns[k]] / vMax));
                }
            }
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    COLORS[k], points.toString().trim()));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" text-anchor=\"end\">%s</text>%n",
                    LEFT + w - 110 * (columns.length - 1 - k), y0 - 6, COLORS[k], names[k]));
        }
    }

    private static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, v % 1000 == 0 ? "%.0fk" : "%.2fk", v / 1000).replaceFirst("(\\.\\d*?)0+k$", "$1k")
                    .replace(".k", "k");
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f" : "%.0f", v);
    }
}
