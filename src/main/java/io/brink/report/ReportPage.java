package io.brink.report;


import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Writes the report: one HTML file with inline CSS, inline SVG charts and a few lines of inline script (legend
 * highlighting), nothing fetched. Each chart is a {@code <figure class="chart">} with a "how to read this" caption.
 */
public final class ReportPage {

    /** Models on one page at most: one colour each. */
    public static final int MAX_MODELS = 10;

    private final List<ModelStats> models;
    private final String title;
    private final List<String> context;
    private final StringBuilder html = new StringBuilder();

    /** A page for these runs; {@code context} lines say what was analyzed (points, window, stride, options). */
    public ReportPage(List<ModelRun> runs, String title, List<String> context) {
        this.models = runs.stream().map(ModelStats::new).toList();
        this.title = title;
        this.context = List.copyOf(context);
    }

    /** The per-model numbers of the page, for {@code --summary}. */
    public List<ReportSummary> summaries() {
        double[] eps = ReportCharts.epsilonGrid(models);
        return models.stream().map(m -> ReportSummary.of(m, eps)).toList();
    }

    /** The page. */
    public String render() {
        html.setLength(0);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>").append(CSS)
                .append("</style>\n</head>\n<body>\n<header><h1>").append(Html.escape(title)).append("</h1>\n");
        for (String line : context) {
            html.append("<p class=\"context\">").append(Html.escape(line)).append("</p>\n");
        }
        html.append("</header>\n");
        legend();
        summaryTable();
        ReportCharts charts = new ReportCharts(models, this::figure);
        charts.robustness();
        charts.histograms();
        charts.ratio();
        for (StageChart chart : StageCharts.all()) {
            chart.draw(models, this::figure);
        }
        if (models.stream().anyMatch(m -> m.run.hasLabels())) {
            charts.reliability();
        }
        new Timelines(models, html, this::figure).draw();
        html.append("<footer>Brink robustness report. Distances are L2 norms in each model's normalized input space; "
                + "the Taylor-model distances are estimates, the attack's distance is a verified upper bound on the distance to "
                + "the decision boundary.</footer>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private void legend() {
        html.append("<ul class=\"legend\">");
        for (int i = 0; i < models.size(); i++) {
            ModelRun r = models.get(i).run;
            html.append("<li data-m=\"").append(i).append("\"><span class=\"swatch\" style=\"background:").append(Svg.color(i))
                    .append("\"></span><b>").append(Html.escape(r.name())).append("</b> ").append(Html.escape(r.description()))
                    .append("</li>");
        }
        html.append("</ul>\n");
    }

    private void summaryTable() {
        html.append("<section><h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th></th>");
        for (ModelStats m : models) {
            html.append("<th style=\"color:").append(Svg.color(models.indexOf(m))).append("\">").append(Html.escape(m.run.name()))
                    .append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        row("windows scored", m -> String.valueOf(m.windows));
        if (models.stream().anyMatch(m -> m.run.hasLabels())) {
            row("labelled windows", m -> String.valueOf(m.labelledWindows));
            row("accuracy", m -> num(m.accuracy));
            row("ECE (15 bins)", m -> m.run.labelled().map(l -> num(l.ece())).orElse("–"));
            row("NLL", m -> m.run.labelled().map(l -> num(l.nll())).orElse("–"));
            row("Brier", m -> m.run.labelled().map(l -> num(l.brier())).orElse("–"));
            row("conformal coverage (target)", m -> m.run.labelled().map(l -> num(l.coverage()) + " ("
                    + String.format(Locale.ROOT, "%.2f", l.targetCoverage()) + ")").orElse("–"));
            row("mean prediction-set size", m -> m.run.labelled().map(l -> num(l.meanSetSize())).orElse("–"));
            row("split-conformal reference (offline): coverage / mean set size", m -> m.run.labelled()
                    .flatMap(l -> l.splitConformal()).map(s -> String.format(Locale.ROOT, "%.3f / %.3f", s.test().coverage(),
                            s.test().meanSetSize())).orElse("–"));
        }
        row("margin (logit)", m -> q(m.margin));
        row("distance, linear estimate", m -> q(m.distanceLinear));
        row("distance, second-order lower", m -> q(m.distanceLower));
        row("distance, second-order along u", m -> q(m.distanceUpper));
        row("attack distance (flipped windows)", m -> q(m.attackDistance));
        row("flipped by the attack", m -> m.attacked == 0 ? "not run" : m.flipped + " of " + m.attacked);
        row("curvature ν", m -> q(m.curvature));
        row("Hessian ‖H‖_F (Hutchinson)", m -> q(m.frobenius));
        if (models.stream().anyMatch(m -> m.mutualInformation.isPresent())) {
            row("mutual information (nats)", m -> q(m.mutualInformation));
        }
        row("seconds to compute", m -> String.format(Locale.ROOT, "%.1f", m.run.seconds()));
        html.append("</tbody></table>\n<p class=\"read\"><b>How to read this.</b> Cells give the median with the quartiles "
                + "[q1, q3] over the windows that have the quantity. A larger margin and distances mean a decision further from "
                + "flipping; the attack distance is what Brink's verified attack needed to flip the window, so the true distance "
                + "to the boundary is at most that. ν is the top eigenvalue of the margin's input Hessian: a more curved "
                + "boundary near the data where it is large.</p></section>\n");
    }

    private void row(String label, Function<ModelStats, String> cell) {
        html.append("<tr><th>").append(Html.escape(label)).append("</th>");
        for (ModelStats m : models) {
            html.append("<td>").append(Html.escape(cell.apply(m))).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** Appends a chart's figure: heading, content (an SVG or a note) and its "how to read this". */
    void figure(String id, String heading, String content, String read) {
        html.append("<figure class=\"chart\" id=\"").append(Html.escape(id)).append("\"><figcaption><h3>").append(Html.escape(heading))
                .append("</h3></figcaption>\n").append(content).append('\n');
        if (read != null && !read.isEmpty()) {
            html.append("<p class=\"read\"><b>How to read this.</b> ").append(Html.escape(read)).append("</p>");
        }
        html.append("</figure>\n");
    }

    private static String q(Optional<ModelStats.Quartiles> q) {
        return q.map(v -> String.format(Locale.ROOT, "%s [%s, %s]", g(v.median()), g(v.q1()), g(v.q3()))).orElse("–");
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "–";
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.2e" : "%.3f", v);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1320px;min-width:660px;color:#222;padding:0 16px}
            h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:15px;margin:0}
            .context{margin:2px 0;color:#555}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px 20px}
            .legend li{cursor:default}.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
            table.summary{border-collapse:collapse}table.summary th,table.summary td{border:1px solid #ddd;padding:4px 8px;text-align:right}
            table.summary tbody th{text-align:left;font-weight:normal;color:#444}
            figure.chart{display:inline-block;vertical-align:top;margin:10px 10px 10px 0;width:640px}
            .read{color:#444;font-size:13px;max-width:640px}.tick{font-size:10px;fill:#555}.axis{font-size:11px;fill:#333}
            .note{font-size:10px;fill:#777}svg .mark{transition:opacity .15s}svg.dim .mark{opacity:.12}svg.dim .mark.on{opacity:1}
            footer{margin-top:28px;color:#666;font-size:12px}.empty{color:#777}
            """;

    /** Hovering a legend entry brings that model's marks forward in every chart. */
    private static final String SCRIPT = """
            (function () {
              var svgs = document.querySelectorAll('figure.chart svg');
              document.querySelectorAll('.legend li').forEach(function (li) {
                var m = 'm' + li.getAttribute('data-m');
                li.addEventListener('mouseenter', function () {
                  svgs.forEach(function (s) {
                    s.classList.add('dim');
                    s.querySelectorAll('.mark').forEach(function (e) { e.classList.toggle('on', e.classList.contains(m)); });
                  });
                });
                li.addEventListener('mouseleave', function () {
                  svgs.forEach(function (s) { s.classList.remove('dim'); });
                });
              });
            })();
            """;
}
