package io.brink.report;

import java.util.List;
import java.util.Locale;

/**
 * A small chart builder writing inline SVG: a plot area with linear or log₁₀ axes, ticks and labels, and marks
 * (polylines, step histograms, points, bands, vertical ticks). Hand-written rather than a charting library inlined
 * into the page: the page stays one file with nothing fetched and nothing to execute, renders with scripts off, and
 * its bytes depend only on the data (the tests compare them). Marks carry {@code class="mark"} so a test can count
 * what each chart drew.
 */
final class Svg {

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22"};

    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 62;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 44;

    private final StringBuilder body = new StringBuilder();
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;
    private final boolean logX;
    private final String xLabel;
    private final String yLabel;
    private final int height;

    /** A chart over [x0, x1] × [y0, y1] (log₁₀ x when {@code logX}, then x0 > 0). */
    Svg(double x0, double x1, double y0, double y1, boolean logX, String xLabel, String yLabel) {
        this(x0, x1, y0, y1, logX, xLabel, yLabel, H);
    }

    Svg(double x0, double x1, double y0, double y1, boolean logX, String xLabel, String yLabel, int height) {
        if (!(x1 > x0)) {
            x1 = x0 + (x0 == 0 ? 1 : Math.abs(x0));
        }
        if (!(y1 > y0)) {
            y1 = y0 + (y0 == 0 ? 1 : Math.abs(y0));
        }
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
        this.logX = logX;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.height = height;
    }

    private double px(double x) {
        double f = logX ? (Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (x - x0) / (x1 - x0);
        return LEFT + f * (W - LEFT - RIGHT);
    }

    private double py(double y) {
        return height - BOTTOM - (y - y0) / (y1 - y0) * (height - TOP - BOTTOM);
    }

    private boolean inside(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && x >= x0 && x <= x1 && y >= y0 - 1e-12 && y <= y1 + 1e-12;
    }

    /** A polyline through the finite points inside the plot (a gap where one is missing). */
    Svg line(double[] xs, double[] ys, int color, String title, boolean dashed) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (inside(xs[i], ys[i])) {
                pts.append(f(px(xs[i]))).append(',').append(f(py(ys[i]))).append(' ');
            } else if (pts.length() > 0) {
                polyline(pts, color, title, dashed);
                pts.setLength(0);
            }
        }
        if (pts.length() > 0) {
            polyline(pts, color, title, dashed);
        }
        return this;
    }

    private void polyline(StringBuilder pts, int color, String title, boolean dashed) {
        body.append("<polyline class=\"mark m").append(color).append("\" fill=\"none\" stroke=\"").append(color(color)).append("\" stroke-width=\"1.8\"")
                .append(dashed ? " stroke-dasharray=\"5 3\"" : "").append(" points=\"").append(pts.toString().trim()).append("\">")
                .append("<title>").append(Html.escape(title)).append("</title></polyline>\n");
    }

    /** A shaded band between lower and upper. */
    Svg band(double[] xs, double[] lower, double[] upper, int color) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            d.append(i == 0 ? "M" : "L").append(f(px(xs[i]))).append(',').append(f(py(clampY(upper[i])))).append(' ');
        }
        for (int i = xs.length - 1; i >= 0; i--) {
            d.append('L').append(f(px(xs[i]))).append(',').append(f(py(clampY(lower[i])))).append(' ');
        }
        body.append("<path class=\"mark m").append(color).append("\" d=\"").append(d.append('Z')).append("\" fill=\"").append(color(color))
                .append("\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
        return this;
    }

    private double clampY(double y) {
        return Math.max(y0, Math.min(y1, y));
    }

    /** A step outline of a histogram: bin edges (n + 1) and heights (n). */
    Svg steps(double[] edges, double[] heights, int color, String title) {
        StringBuilder d = new StringBuilder();
        d.append('M').append(f(px(edges[0]))).append(',').append(f(py(y0))).append(' ');
        for (int i = 0; i < heights.length; i++) {
            double h = clampY(heights[i]);
            d.append('L').append(f(px(edges[i]))).append(',').append(f(py(h))).append(' ');
            d.append('L').append(f(px(edges[i + 1]))).append(',').append(f(py(h))).append(' ');
        }
        d.append('L').append(f(px(edges[edges.length - 1]))).append(',').append(f(py(y0)));
        body.append("<path class=\"mark m").append(color).append("\" d=\"").append(d).append("\" fill=\"").append(color(color))
                .append("\" fill-opacity=\"0.12\" stroke=\"").append(color(color)).append("\" stroke-width=\"1.5\"><title>")
                .append(Html.escape(title)).append("</title></path>\n");
        return this;
    }

    /** Points (circles of radius 2.2, or hollow). */
    Svg points(double[] xs, double[] ys, int color, boolean hollow, List<String> titles) {
        for (int i = 0; i < xs.length; i++) {
            if (!inside(xs[i], ys[i])) {
                continue;
            }
            body.append("<circle class=\"mark m").append(color).append("\" cx=\"").append(f(px(xs[i]))).append("\" cy=\"").append(f(py(ys[i])))
                    .append("\" r=\"2.2\" ").append(hollow ? "fill=\"none\" stroke=\"" + color(color) + "\"" : "fill=\"" + color(color)
                            + "\" fill-opacity=\"0.55\"").append('>');
            if (titles != null) {
                body.append("<title>").append(Html.escape(titles.get(i))).append("</title>");
            }
            body.append("</circle>\n");
        }
        return this;
    }

    /** Short vertical ticks at the bottom of the plot at {@code xs} (e.g. the windows an attack flipped). */
    Svg ticks(double[] xs, int color, String title) {
        for (double x : xs) {
            if (inside(x, y0)) {
                body.append("<line class=\"mark m").append(color).append("\" x1=\"").append(f(px(x))).append("\" x2=\"").append(f(px(x))).append("\" y1=\"")
                        .append(f(py(y0))).append("\" y2=\"").append(f(py(y0) - 6)).append("\" stroke=\"").append(color(color))
                        .append("\" stroke-width=\"1\"><title>").append(Html.escape(title)).append("</title></line>\n");
            }
        }
        return this;
    }

    /** A horizontal reference line (not a data mark). */
    Svg reference(double y, String label) {
        if (y >= y0 && y <= y1) {
            body.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(f(py(y)))
                    .append("\" y2=\"").append(f(py(y))).append("\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>")
                    .append("<text x=\"").append(W - RIGHT - 4).append("\" y=\"").append(f(py(y) - 4))
                    .append("\" text-anchor=\"end\" class=\"note\">").append(Html.escape(label)).append("</text>\n");
        }
        return this;
    }

    /** The diagonal y = x (reliability diagrams). */
    Svg diagonal() {
        body.append("<line x1=\"").append(f(px(Math.max(x0, y0)))).append("\" y1=\"").append(f(py(Math.max(x0, y0))))
                .append("\" x2=\"").append(f(px(Math.min(x1, y1)))).append("\" y2=\"").append(f(py(Math.min(x1, y1))))
                .append("\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>\n");
        return this;
    }

    /** The chart as an {@code <svg>} element with axes, ticks and labels. */
    String render(String ariaLabel) {
        StringBuilder s = new StringBuilder();
        s.append("<svg viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" width=\"").append(W).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(ariaLabel)).append("\">\n");
        int bottom = height - BOTTOM;
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(W - LEFT - RIGHT)
                .append("\" height=\"").append(bottom - TOP).append("\" fill=\"#fcfcfc\" stroke=\"#ccc\"/>\n");
        for (double t : logX ? logTicks(x0, x1) : niceTicks(x0, x1)) {
            double x = px(t);
            s.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(bottom).append("\" y2=\"")
                    .append(bottom + 4).append("\" stroke=\"#666\"/><text x=\"").append(f(x)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(label(t)).append("</text>\n");
        }
        for (double t : niceTicks(y0, y1)) {
            double y = py(t);
            s.append("<line x1=\"").append(LEFT - 4).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"#eee\"/><text x=\"").append(LEFT - 6).append("\" y=\"")
                    .append(f(y + 4)).append("\" text-anchor=\"end\" class=\"tick\">").append(label(t)).append("</text>\n");
        }
        s.append(body);
        s.append("<text x=\"").append((LEFT + W - RIGHT) / 2).append("\" y=\"").append(height - 8)
                .append("\" text-anchor=\"middle\" class=\"axis\">").append(Html.escape(xLabel)).append("</text>\n");
        s.append("<text transform=\"translate(14 ").append((TOP + bottom) / 2).append(") rotate(-90)\" text-anchor=\"middle\" class=\"axis\">")
                .append(Html.escape(yLabel)).append("</text>\n");
        return s.append("</svg>").toString();
    }

    /** About five round ticks over [a, b]. */
    static double[] niceTicks(double a, double b) {
        double span = b - a;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        double first = Math.ceil(a / step - 1e-9) * step;
        int n = (int) Math.floor((b - first) / step + 1e-9) + 1;
        double[] out = new double[Math.max(0, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    private static double[] logTicks(double a, double b) {
        int lo = (int) Math.ceil(Math.log10(a) - 1e-9), hi = (int) Math.floor(Math.log10(b) + 1e-9);
        double[] out = new double[Math.max(0, hi - lo + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(10, lo + i);
        }
        return out;
    }

    private static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
