package io.brink.report;

import io.brink.engine.stage.CertifiedStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The report's bracket of the true distance: per window, the certified radius (a proof from below) against the
 * verified attack's distance (a proof from above), with the Taylor estimate's place inside; and, over the certified
 * windows, the share certified at each ε beside the share the attack leaves unflipped (the truth lies between).
 */
final class BracketCharts implements StageChart {

    @Override
    public StageKey<?, ?> stage() {
        return CertifiedStage.KEY;
    }

    /** One window with both ends of its bracket. */
    private record Bracket(double certified, double attack, OptionalDouble estimate, boolean bracketed, String title) {
    }

    private static List<Bracket> brackets(ModelStats m) {
        List<Bracket> out = new ArrayList<>();
        for (ScoreRecord r : m.run.records()) {
            OptionalDouble a = ModelStats.attack(r);
            if (r.certifiedRadius().isPresent() && a.isPresent() && a.getAsDouble() > 0) {
                out.add(new Bracket(r.certifiedRadius().getAsDouble(), a.getAsDouble(), r.distanceLower(),
                        r.certifiedBracketed().orElse(false), m.run.name() + " " + r.series() + " @" + r.ts()));
            }
        }
        return out;
    }

    @Override
    public void draw(List<ModelStats> models, ReportCharts.Figure figure) {
        List<List<Bracket>> all = models.stream().map(BracketCharts::brackets).toList();
        if (all.stream().allMatch(List::isEmpty)) {
            String why = models.stream().flatMap(m -> m.run.records().stream()).map(ScoreRecord::certifiedRefused)
                    .flatMap(Optional::stream).findFirst().orElse("the certified radius was not computed (--no-certify), or no "
                            + "certified window was flipped by the attack");
            figure.add("bracket", "Certified radius against attack distance", "<p class=\"empty\">No bracket to show: "
                    + Html.escape(why) + ".</p>", "");
            return;
        }
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (List<Bracket> b : all) {
            for (Bracket x : b) {
                lo = Math.min(lo, x.attack());
                hi = Math.max(hi, x.attack());
            }
        }
        Svg svg = new Svg(lo / 1.3, hi * 1.3, 0, 1.5, true, "attack distance (L2, normalized input units, log scale)",
                "fraction of the attack distance");
        svg.reference(1, "attack distance");
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < models.size(); i++) {
            List<Bracket> b = all.get(i);
            if (b.isEmpty()) {
                continue;
            }
            double[] x = b.stream().mapToDouble(Bracket::attack).toArray();
            double[] cert = b.stream().mapToDouble(v -> v.certified() / v.attack()).toArray();
            svg.points(x, cert, i, false, b.stream().map(v -> String.format(Locale.ROOT, "%s: certified %.3g, attack %.3g", v.title(),
                    v.certified(), v.attack())).toList());
            List<Bracket> withEstimate = b.stream().filter(v -> v.estimate().isPresent()).toList();
            double[] ex = withEstimate.stream().mapToDouble(Bracket::attack).toArray();
            double[] ey = withEstimate.stream().mapToDouble(v -> Math.min(1.5, v.estimate().getAsDouble() / v.attack())).toArray();
            svg.points(ex, ey, i, true, withEstimate.stream().map(v -> String.format(Locale.ROOT, "%s: estimate %.3g", v.title(),
                    v.estimate().getAsDouble())).toList());
            double[] ratio = cert.clone();
            Arrays.sort(ratio);
            long nonzero = Arrays.stream(cert).filter(v -> v > 0).count();
            long bracketed = b.stream().filter(Bracket::bracketed).count();
            long below = withEstimate.stream().filter(v -> v.estimate().getAsDouble() < v.certified()).count();
            long above = withEstimate.stream().filter(v -> v.estimate().getAsDouble() > v.attack()).count();
            numbers.append(String.format(Locale.ROOT, " %s: %d windows, median certified/attack %.3f, nonzero certificate on %d, "
                    + "bracketed to the search's tolerance on %d; the estimate lies below the certificate on %d, inside on %d, above "
                    + "the attack on %d.", models.get(i).run.name(), b.size(), ModelStats.quantile(ratio, 0.5), nonzero, bracketed, below,
                    withEstimate.size() - below - above, above));
        }
        figure.add("bracket", "Where the true distance lies: certified radius and attack", svg.render("bracket"),
                "For each certified window the attack flipped: filled points are the certified radius as a fraction of the attack's "
                        + "distance; the true distance to the boundary lies between that point and the line at 1 (both are proofs: "
                        + "linear bounds from below, a verified flip from above). Rings are the second-order Taylor estimate "
                        + "(distance_lower) on the same scale, capped at 1.5: a ring above 1 is an estimate proven optimistic, a ring "
                        + "below its filled point one proven pessimistic." + numbers);
        certifiedShare(models, figure, all);
    }

    /** Share certified at ε against share not flipped by the attack within ε, over the certified windows. */
    private static void certifiedShare(List<ModelStats> models, ReportCharts.Figure figure, List<List<Bracket>> all) {
        double top = 0;
        for (List<Bracket> b : all) {
            double[] a = b.stream().mapToDouble(Bracket::attack).sorted().toArray();
            if (a.length > 0) {
                top = Math.max(top, ModelStats.quantile(a, 0.95) * 1.1);
            }
        }
        double[] eps = new double[41];
        for (int k = 0; k < eps.length; k++) {
            eps[k] = top * k / (eps.length - 1);
        }
        Svg svg = new Svg(0, top, 0, 1, false, "radius ε (L2, normalized input units)", "share of the certified windows");
        StringBuilder beyond = new StringBuilder();
        for (int i = 0; i < models.size(); i++) {
            List<Bracket> b = all.get(i);
            if (b.isEmpty()) {
                continue;
            }
            double[] certified = new double[eps.length], unflipped = new double[eps.length];
            for (int k = 0; k < eps.length; k++) {
                double e = eps[k];
                certified[k] = b.stream().filter(v -> v.certified() >= e && v.certified() > 0).count() / (double) b.size();
                unflipped[k] = b.stream().filter(v -> v.attack() > e).count() / (double) b.size();
            }
            svg.line(eps, unflipped, i, models.get(i).run.name() + ": not flipped by the attack within ε", false);
            svg.line(eps, certified, i, models.get(i).run.name() + ": certified at ε", true);
            double edge = top;
            beyond.append(String.format(Locale.ROOT, " %s: %d of %d windows have an attack distance beyond the axis.",
                    models.get(i).run.name(), b.stream().filter(v -> v.attack() > edge).count(), b.size()));
        }
        figure.add("certified-share", "Certified at ε beside not flipped at ε", svg.render("certified share"),
                "Over the windows with a certificate and an attack flip: solid, the share the attack does not flip within ε (an "
                        + "upper bound on the share that is robust at ε); dashed, the share proven robust at ε (a lower bound). The "
                        + "true share lies between the two curves. The ε axis stops at 1.1 times the 95th percentile of the attack "
                        + "distances." + beyond);
    }
}
