package io.brink.report;

import io.brink.record.ScoreRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The report's page-wide charts (those that read several stages' fields; a stage's own chart is a {@link StageChart}), one
 * method each, drawn with {@link Svg} from the models' {@link ModelStats} and handed to the page as figures with their
 * "how to read this".
 */
final class ReportCharts {

    /** Where a chart goes: id, heading, content, how to read it (null: no caption). */
    interface Figure {
        void add(String id, String heading, String content, String read);
    }

    private final List<ModelStats> models;
    private final Figure figure;

    ReportCharts(List<ModelStats> models, Figure figure) {
        this.models = models;
        this.figure = figure;
    }

    /** ε from 0 to past the largest 95th percentile of the attack distances, 41 points. */
    static double[] epsilonGrid(List<ModelStats> models) {
        double top = 0;
        for (ModelStats m : models) {
            double[] a = m.values(ModelStats::attack);
            Arrays.sort(a);
            if (a.length > 0) {
                top = Math.max(top, ModelStats.quantile(a, 0.95));
            }
        }
        top = top > 0 ? top * 1.1 : 1;
        for (ModelStats m : models) {
            if (m.pgd.isPresent()) {
                double[] r = m.pgd.get().x();
                top = Math.max(top, r[r.length - 1] * 1.05);
            }
        }
        double[] eps = new double[41];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = top * i / (eps.length - 1);
        }
        return eps;
    }

    void robustness() {
        boolean labels = models.stream().allMatch(m -> m.run.hasLabels());
        double[] eps = epsilonGrid(models);
        Svg svg = new Svg(0, eps[eps.length - 1], 0, 1, false, "attack radius ε (L2, normalized input units)",
                labels ? "accuracy under the attack" : "windows not flipped within ε");
        for (int i = 0; i < models.size(); i++) {
            ModelStats.Curve c = models.get(i).robustness(eps);
            svg.line(c.x(), c.y(), i, models.get(i).run.name() + ": Brink's attack", false);
            int model = i;
            models.get(i).pgd.ifPresent(p -> {
                double[] x = new double[p.x().length + 1];
                double[] y = new double[x.length];
                System.arraycopy(p.x(), 0, x, 1, p.x().length);
                System.arraycopy(p.y(), 0, y, 1, p.y().length);
                y[0] = c.y()[0];
                svg.line(x, y, model, models.get(model).run.name() + ": L2 PGD", true);
                svg.points(p.x(), p.y(), model, true, null);
            });
        }
        figure.add("robustness", labels ? "Robust accuracy against the radius of the attack" : "Prediction stability against the radius "
                + "of the attack", svg.render("robustness"), (labels ? "The share of labelled windows classified correctly and not "
                + "flipped within ε by the attack." : "The share of windows not flipped within ε by the attack.")
                + " Solid: Brink's minimal-norm attack (linearized steps to the boundary, then bisection), one run for every ε. "
                + "Dashed with rings: L2 PGD at each fixed ε (projected gradient ascent on the margin, the curvature-regularization "
                + "papers' attack). Both verify every flip, so each curve is an upper bound on what the worst perturbation of norm ε "
                + "would leave, and the lower of the two at an ε is the tighter; a curve that stays high for longer is a more robust "
                + "model. At ε = 0 it starts at the accuracy (or at 1). The ε axis stops at 1.1 times the largest model's 95th "
                + "percentile of attack distances (or PGD's largest radius):" + beyond(eps[eps.length - 1]));
    }

    /** How many flipped windows of each model lie beyond the axis's end. */
    private String beyond(double edge) {
        StringBuilder b = new StringBuilder();
        models.forEach(m -> b.append(String.format(Locale.ROOT, " %s: %d of %d flipped windows beyond it.", m.run.name(),
                Arrays.stream(m.values(ModelStats::attack)).filter(v -> v > edge).count(), m.values(ModelStats::attack).length)));
        return b.toString();
    }

    void histograms() {
        histogram("hist-lower", "Second-order distance estimate (lower)", ScoreRecord::distanceLower, "distance_lower",
                "The second-order (Taylor) estimate of the distance to the boundary: the smallest perturbation that flips the "
                        + "quadratic model of the margin. An estimate, not a guarantee; how well it predicts the attack is in the "
                        + "ratio chart below.");
        histogram("hist-linear", "Linear distance estimate", ScoreRecord::distanceLinear, "distance_linear",
                "margin/‖gradient‖: the distance if the margin were linear. Curvature makes the true distance shorter on the "
                        + "side where the boundary bends towards the window.");
        histogram("hist-attack", "Attack distance", ModelStats::attack, "attack distance",
                "‖δ‖ of the perturbation Brink's attack found and verified (windows it did not flip are left out). Mass to the left "
                        + "means windows that are easy to flip.");
    }

    private void histogram(String id, String heading, Function<ScoreRecord, OptionalDouble> f, String what, String read) {
        List<double[]> values = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (ModelStats m : models) {
            double[] v = Arrays.stream(m.values(f)).filter(x -> x > 0).sorted().toArray();
            values.add(v);
            if (v.length > 0) {
                lo = Math.min(lo, ModelStats.quantile(v, 0.01));
                hi = Math.max(hi, ModelStats.quantile(v, 0.99));
            }
        }
        if (!(hi > 0) || !(lo < hi)) {
            figure.add(id, heading, "<p class=\"empty\">No " + Html.escape(what) + " to show.</p>", read);
            return;
        }
        int bins = 30;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = Math.pow(10, Math.log10(lo) + (Math.log10(hi) - Math.log10(lo)) * i / bins);
        }
        List<double[]> heights = new ArrayList<>();
        double top = 0;
        for (double[] v : values) {
            double[] h = new double[bins];
            for (double x : v) {
                int b = (int) Math.floor((Math.log10(x) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * bins);
                if (b >= 0 && b < bins) {
                    h[b]++;
                } else if (b == bins && x <= hi * (1 + 1e-12)) {
                    h[bins - 1]++;
                }
            }
            for (int b = 0; b < bins; b++) {
                h[b] = v.length == 0 ? 0 : h[b] / v.length;
                top = Math.max(top, h[b]);
            }
            heights.add(h);
        }
        Svg svg = new Svg(edges[0], edges[bins], 0, top * 1.1, true, what + " (log scale)", "share of windows per bin");
        for (int i = 0; i < models.size(); i++) {
            svg.steps(edges, heights.get(i), i, models.get(i).run.name());
        }
        figure.add(id, heading, svg.render(heading), read + " Bins are equal on a log scale between the 1st and 99th percentiles.");
    }

    void ratio() {
        double lo = -2, hi = 2;
        int bins = 40;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        double top = 0;
        List<double[]> hs = new ArrayList<>();
        for (ModelStats m : models) {
            double[] h = new double[bins];
            for (double v : m.logRatio) {
                int b = (int) Math.floor((Math.max(lo, Math.min(hi - 1e-9, v)) - lo) / (hi - lo) * bins);
                h[b]++;
            }
            for (int b = 0; b < bins; b++) {
                h[b] = m.logRatio.length == 0 ? 0 : h[b] / m.logRatio.length;
                top = Math.max(top, h[b]);
            }
            hs.add(h);
        }
        if (top == 0) {
            figure.add("ratio", "Estimate against attack", "<p class=\"empty\">No window has both estimates.</p>", "");
            return;
        }
        Svg svg = new Svg(lo, hi, 0, top * 1.1, false, "log₁₀(second-order estimate / attack distance)", "share of windows per bin");
        for (int i = 0; i < models.size(); i++) {
            svg.steps(edges, hs.get(i), i, models.get(i).run.name());
        }
        StringBuilder above = new StringBuilder();
        for (ModelStats m : models) {
            m.ratioAboveOne.ifPresent(share -> above.append(String.format(Locale.ROOT, " %s: %.1f%% of %d windows above 0.", m.run.name(),
                    100 * share, m.logRatio.length)));
        }
        figure.add("ratio", "How far the Taylor estimate can be trusted", svg.render("estimate over attack"),
                "For each window the attack flipped: the second-order lower estimate divided by the attack's distance, on a log "
                        + "scale (values beyond ±2 are piled at the ends). The attack's distance is an upper bound on the true "
                        + "distance, so a window right of 0 proves the estimate too optimistic there; far left of 0, the estimate is "
                        + "safe but loose." + above);
    }

    void reliability() {
        Svg svg = new Svg(0, 1, 0, 1, false, "confidence (probability of the predicted class)", "accuracy");
        svg.diagonal();
        for (int i = 0; i < models.size(); i++) {
            List<ModelStats.ReliabilityBin> b = models.get(i).reliability;
            double[] x = b.stream().mapToDouble(ModelStats.ReliabilityBin::confidence).toArray();
            double[] y = b.stream().mapToDouble(ModelStats.ReliabilityBin::accuracy).toArray();
            svg.line(x, y, i, models.get(i).run.name(), false);
            svg.points(x, y, i, false, b.stream().map(r -> String.format(Locale.ROOT, "%d windows", r.windows())).toList());
        }
        StringBuilder cov = new StringBuilder();
        for (ModelStats m : models) {
            m.run.labelled().ifPresent(l -> cov.append(String.format(Locale.ROOT, " %s: coverage %s (target %.2f), mean set size %s.",
                    m.run.name(), num(l.coverage()), l.targetCoverage(), num(l.meanSetSize()))));
        }
        figure.add("reliability", "Reliability and conformal coverage", svg.render("reliability diagram"),
                "Windows grouped by the model's confidence (10 bins); each point is the bin's mean confidence against its "
                        + "accuracy. On the dashed diagonal, confidence can be taken at face value; below it the model is "
                        + "over-confident. Conformal sets (adaptive, in the order of the points file) should contain the realized "
                        + "class at the target rate." + cov);
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "–";
    }
}
