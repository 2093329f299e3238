package io.brink.analyze;

import io.brink.engine.algorithm.DistanceEstimates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How well the Taylor-model distance estimates predict the distances the verified attack finds. The
 * attack distance is an upper bound on the true distance, so an estimate above it is certainly too
 * high (the boundary is closer than estimated); below it, the estimate may or may not be right.
 */
public final class EstimateCalibration {

    /**
     * Summary of one estimate against the attack distance over the windows added: the median of
     * attack/estimate, the share of windows whose estimate exceeds the attack's bound, and Spearman's rank
     * correlation between the two (absent with fewer than two windows).
     */
    public record Comparison(String estimate, int windows, double medianRatio, double fractionAboveAttack, OptionalDouble spearman) {
    }

    private final List<double[]> rows = new ArrayList<>();

    /** Adds one window with second-order estimates and a verified attack distance; others are skipped. */
    public void add(DistanceEstimates d, double attack) {
        if (d.lower().isPresent() && d.upper().isPresent() && attack > 0) {
            rows.add(new double[] {d.linear(), d.lower().getAsDouble(), d.upper().getAsDouble(), attack});
        }
    }

    public int windows() {
        return rows.size();
    }

    /** One comparison per estimate (linear, lower, upper); none when no window was added. */
    public List<Comparison> compare() {
        List<Comparison> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        String[] names = {"distance_linear", "distance_lower", "distance_upper"};
        for (int e = 0; e < 3; e++) {
            int n = rows.size();
            double[] est = new double[n];
            double[] att = new double[n];
            double[] ratio = new double[n];
            int above = 0;
            for (int i = 0; i < n; i++) {
                est[i] = rows.get(i)[e];
                att[i] = rows.get(i)[3];
                ratio[i] = att[i] / est[i];
                if (est[i] > att[i]) {
                    above++;
                }
            }
            out.add(new Comparison(names[e], n, median(ratio), (double) above / n, spearman(est, att)));
        }
        return out;
    }

    /** Human-readable report lines. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "estimates vs verified attack distance (%d windows where the attack found a flip):", rows.size()));
        for (Comparison c : compare()) {
            lines.add(String.format(Locale.ROOT, "  %-15s median attack/estimate %.2f, estimate above the attack bound in %.1f%%, Spearman %s",
                    c.estimate(), c.medianRatio(), 100 * c.fractionAboveAttack(),
                    c.spearman().isPresent() ? String.format(Locale.ROOT, "%.2f", c.spearman().getAsDouble()) : "n/a"));
        }
        return lines;
    }

    /** The median of at least one value. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    static OptionalDouble spearman(double[] a, double[] b) {
        if (a.length < 2) {
            return OptionalDouble.empty();
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return OptionalDouble.of(num / Math.sqrt(da * db));
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double rank = 0.5 * (i + j);
            for (int k = i; k <= j; k++) {
                r[idx[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }
}
