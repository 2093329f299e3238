package io.brink.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How well the Taylor-model distance estimates predict the distances the verified attack finds. The
 * attack distance is an upper bound on the true distance, so an estimate above it is certainly too
 * high (the boundary is closer than estimated); below it, the estimate may or may not be right.
 */
public final class EstimateCalibration {

    /** Summary of one estimate against the attack distance. */
    public record Comparison(String estimate, int windows, double medianRatio, double fractionAboveAttack, double spearman) {
    }

    private final List<double[]> rows = new ArrayList<>();

    /** Adds one window: its linear, lower and upper estimates and its verified attack distance. */
    public void add(Double linear, Double lower, Double upper, double attack) {
        if (linear != null && lower != null && upper != null && attack > 0) {
            rows.add(new double[] {linear, lower, upper, attack});
        }
    }

    public int windows() {
        return rows.size();
    }

    public List<Comparison> compare() {
        List<Comparison> out = new ArrayList<>();
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
            out.add(new Comparison(names[e], n, median(ratio), n == 0 ? Double.NaN : (double) above / n, spearman(est, att)));
        }
        return out;
    }

    /** Human-readable report lines. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "estimates vs verified attack distance (%d windows where the attack found a flip):", rows.size()));
        for (Comparison c : compare()) {
            lines.add(String.format(Locale.ROOT, "  %-15s median attack/estimate %.2f, estimate above the attack bound in %.1f%%, Spearman %.2f",
                    c.estimate(), c.medianRatio(), 100 * c.fractionAboveAttack(), c.spearman()));
        }
        return lines;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    static double spearman(double[] a, double[] b) {
        if (a.length < 2) {
            return Double.NaN;
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
        return num / Math.sqrt(da * db);
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
