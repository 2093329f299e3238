package io.brink.report;

import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The curvature stage's chart: per window the attack flipped, the curvature ν of the decision boundary against the
 * attack's distance, with the second-order estimate's curve at each model's median margin and gradient norm.
 */
final class CurvatureChart implements StageChart {

    @Override
    public StageKey<?, ?> stage() {
        return CurvatureStage.KEY;
    }

    @Override
    public void draw(List<ModelStats> models, ReportCharts.Figure figure) {
        List<Double> nus = new ArrayList<>(), dists = new ArrayList<>();
        for (ModelStats m : models) {
            for (ScoreRecord r : m.run.records()) {
                OptionalDouble a = ModelStats.attack(r);
                if (a.isPresent() && r.curvature().isPresent() && Double.isFinite(r.curvature().getAsDouble())) {
                    nus.add(r.curvature().getAsDouble());
                    dists.add(a.getAsDouble());
                }
            }
        }
        if (dists.isEmpty()) {
            figure.add("curvature", "Curvature against attack distance", "<p class=\"empty\">No window has both a curvature and an "
                    + "attack distance.</p>", "Run with the attack and the curvature stage.");
            return;
        }
        // The axes span the 1st to 99th percentiles: a few extreme windows would squeeze the rest into a corner.
        double[] nuSorted = nus.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] dSorted = dists.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        // ν spans decades when it is positive almost everywhere: then a log axis, the few windows with ν ≤ 0 left out.
        boolean log = Arrays.stream(nuSorted).filter(v -> v > 0).count() >= 0.9 * nuSorted.length;
        double[] positive = Arrays.stream(nuSorted).filter(v -> v > 0).toArray();
        double xmin = log ? ModelStats.quantile(positive, 0.01) : Math.min(0, ModelStats.quantile(nuSorted, 0.01));
        double xmax = log ? ModelStats.quantile(positive, 0.99) : ModelStats.quantile(nuSorted, 0.99);
        double ymax = ModelStats.quantile(dSorted, 0.99);
        long outside = nus.stream().filter(v -> v > xmax * 1.05 || v < xmin).count()
                + dists.stream().filter(v -> v > ymax * 1.05).count();
        Svg svg = new Svg(xmin, xmax * 1.05, 0, ymax * 1.05, log, "curvature ν (top eigenvalue of the margin's input Hessian)"
                + (log ? ", log scale" : ""), "attack distance");
        for (int i = 0; i < models.size(); i++) {
            ModelStats m = models.get(i);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (ScoreRecord r : m.run.records()) {
                OptionalDouble a = ModelStats.attack(r);
                if (a.isPresent() && r.curvature().isPresent()) {
                    xs.add(r.curvature().getAsDouble());
                    ys.add(a.getAsDouble());
                    titles.add(m.run.name() + " " + r.series() + " @" + r.ts());
                }
            }
            svg.points(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(), i,
                    false, titles);
            if (m.margin.isPresent() && m.run.records().stream().anyMatch(r -> r.gradientNorm().isPresent())) {
                double t = -m.margin.get().median();
                double[] g = m.values(ScoreRecord::gradientNorm);
                Arrays.sort(g);
                double gm = ModelStats.quantile(g, 0.5);
                double[] nu = new double[60];
                double[] s = new double[60];
                for (int k = 0; k < nu.length; k++) {
                    nu[k] = log ? xmin * Math.pow(xmax * 1.05 / xmin, k / (nu.length - 1.0)) : xmin + (xmax * 1.05 - xmin) * k / (nu.length - 1);
                    s[k] = DistanceEstimates.quadraticRoot(Math.abs(t), gm, nu[k]);
                }
                svg.line(nu, s, i, m.run.name() + ": second-order estimate at the median margin and gradient norm", true);
            }
        }
        figure.add("curvature", "Curvature against attack distance", svg.render("curvature against attack distance"),
                "Each point is a window the attack flipped. The dashed curve is the second-order estimate of the distance for a "
                        + "window with the model's median margin and gradient norm, as the curvature ν grows: the claim under "
                        + "test is that windows where the boundary is more curved are closer to it. Points far above their curve "
                        + "are windows where the quadratic model is pessimistic; below it, optimistic. The axes span the 1st to 99th "
                        + "percentiles; " + outside + " values lie outside.");
    }
}
