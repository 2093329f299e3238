package io.brink.report;

import io.brink.engine.stage.RandomDirectionsStage;
import io.brink.engine.stage.StageKey;

import java.util.List;

/**
 * The random-directions stage's chart: per radius, the share of random perturbations of that norm that flip the
 * prediction, pooled over each model's windows, with its Wilson interval.
 */
final class RandomDirectionsChart implements StageChart {

    @Override
    public StageKey<?, ?> stage() {
        return RandomDirectionsStage.KEY;
    }

    @Override
    public void draw(List<ModelStats> models, ReportCharts.Figure figure) {
        double rmax = 0;
        for (ModelStats m : models) {
            for (ModelStats.PooledFlips p : m.flips) {
                rmax = Math.max(rmax, p.radius());
            }
        }
        if (rmax == 0) {
            figure.add("random", "Random-direction flips", "<p class=\"empty\">Random directions were not run (--radii none).</p>", "");
            return;
        }
        double rmin = Double.POSITIVE_INFINITY;
        for (ModelStats m : models) {
            for (ModelStats.PooledFlips p : m.flips) {
                rmin = Math.min(rmin, p.radius());
            }
        }
        boolean log = rmin > 0 && rmax / rmin >= 5;
        Svg svg = new Svg(log ? rmin / 1.3 : 0, rmax * (log ? 1.3 : 1.05), 0, 1, log, "radius (L2, normalized input units)",
                "share of random directions that flip");
        for (int i = 0; i < models.size(); i++) {
            List<ModelStats.PooledFlips> f = models.get(i).flips;
            double[] x = f.stream().mapToDouble(ModelStats.PooledFlips::radius).toArray();
            svg.band(x, f.stream().mapToDouble(ModelStats.PooledFlips::lower).toArray(),
                    f.stream().mapToDouble(ModelStats.PooledFlips::upper).toArray(), i);
            svg.line(x, f.stream().mapToDouble(ModelStats.PooledFlips::rate).toArray(), i, models.get(i).run.name(), false);
            svg.points(x, f.stream().mapToDouble(ModelStats.PooledFlips::rate).toArray(), i, false, null);
        }
        figure.add("random", "Flip probability of random directions", svg.render("random directions"),
                "For each radius, the share of random perturbations of that norm (uniform directions) that change the prediction, "
                        + "pooled over all windows, with its 95% Wilson interval (shaded; it treats the directions as independent, "
                        + "which they are within a window but windows of one series are alike). Random noise is far weaker than "
                        + "the attack: a model can be fragile to the attack and stable to noise.");
    }
}
