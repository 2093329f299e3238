package io.brink.report;

import io.brink.record.ScoreRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The report's per-series timelines: margin, second-order distance and curvature of every scored window against its
 * end time, one line per model, with the windows the attack flipped ticked along the bottom of the margin chart.
 */
final class Timelines {

    /** Series drawn at most. */
    static final int SERIES = 4;

    private final List<ModelStats> models;
    private final StringBuilder html;
    private final ReportCharts.Figure figure;

    Timelines(List<ModelStats> models, StringBuilder html, ReportCharts.Figure figure) {
        this.models = models;
        this.html = html;
        this.figure = figure;
    }

    void draw() {
        List<String> series = models.get(0).run.records().stream().map(ScoreRecord::series).distinct().sorted().limit(SERIES).toList();
        html.append("<section><h2>Timelines</h2>\n<p class=\"read\"><b>How to read this.</b> For each series (the first ")
                .append(series.size()).append(" by name), the margin, the second-order distance estimate and the curvature of every "
                        + "scored window against its end time; ticks along the bottom mark the windows the attack flipped. A dip in "
                        + "margin and distance with a rise in curvature is a stretch where the decision sat close to flipping.</p>\n");
        for (String s : series) {
            timeline(s, "margin", "margin (logit)", ScoreRecord::margin);
            timeline(s, "distance", "second-order distance (lower)", ScoreRecord::distanceLower);
            timeline(s, "curvature", "curvature ν", ScoreRecord::curvature);
        }
        html.append("</section>\n");
    }

    /** One chart: quantity {@code f} of the series' windows against time; the margin chart ticks the flipped windows. */
    private void timeline(String series, String key, String label, Function<ScoreRecord, OptionalDouble> f) {
        double tmin = Double.POSITIVE_INFINITY, tmax = Double.NEGATIVE_INFINITY, ymin = 0, ymax = 0;
        List<List<ScoreRecord>> per = new ArrayList<>();
        for (ModelStats m : models) {
            List<ScoreRecord> rs = m.run.records().stream().filter(r -> r.series().equals(series))
                    .sorted(java.util.Comparator.comparingLong(ScoreRecord::ts)).toList();
            per.add(rs);
            for (ScoreRecord r : rs) {
                tmin = Math.min(tmin, r.ts());
                tmax = Math.max(tmax, r.ts());
                OptionalDouble v = f.apply(r);
                if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                    ymin = Math.min(ymin, v.getAsDouble());
                    ymax = Math.max(ymax, v.getAsDouble());
                }
            }
        }
        if (!(tmax > tmin)) {
            return;
        }
        double days = 86_400_000.0;
        Svg svg = new Svg(0, (tmax - tmin) / days, ymin, ymax * 1.05, false, "days since " + java.time.Instant.ofEpochMilli((long) tmin)
                .toString().substring(0, 10), label, 190);
        for (int i = 0; i < models.size(); i++) {
            List<ScoreRecord> rs = per.get(i);
            double[] x = new double[rs.size()];
            double[] y = new double[rs.size()];
            List<Double> flipped = new ArrayList<>();
            for (int k = 0; k < rs.size(); k++) {
                x[k] = (rs.get(k).ts() - tmin) / days;
                y[k] = f.apply(rs.get(k)).orElse(Double.NaN);
                if (ModelStats.attack(rs.get(k)).isPresent()) {
                    flipped.add(x[k]);
                }
            }
            svg.line(x, y, i, models.get(i).run.name(), false);
            if (key.equals("margin")) {
                svg.ticks(flipped.stream().mapToDouble(Double::doubleValue).toArray(), i, models.get(i).run.name() + ": flipped by the attack");
            }
        }
        figure.add("timeline-" + series + "-" + key, series + ": " + label, svg.render(series + " " + label), null);
    }
}
