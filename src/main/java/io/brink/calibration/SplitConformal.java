package io.brink.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Offline split conformal on labelled windows, the reference a live rule's sets are measured against: a random half of
 * the windows (fixed seed) calibrates one threshold q, the ⌈(n + 1)(1 − α)⌉-th smallest of their scores 1 − p̄_y; the
 * other half, in its original order, gets the sets of {@link SetRule#threshold q} (the top class always in). Coverage on
 * that half is at least 1 − α in expectation when the windows are exchangeable — the assumption a live stream does not
 * meet, which is why the live rule adapts; the fixed threshold is also chosen knowing the whole file, which a live rule
 * cannot. Its rolling coverage shows how steady coverage can be on these windows without any adaptation.
 */
public final class SplitConformal {

    private SplitConformal() {
    }

    /** The threshold q (score units, 1 − p̄) fitted on {@code calibration} windows, and the test half's {@link SetStats}. */
    @JsonPropertyOrder({"calibration_windows", "threshold", "test", "seed"})
    public record Result(@JsonProperty("calibration_windows") int calibrationWindows, @JsonProperty("threshold") double threshold,
                         @JsonProperty("test") SetStats test, @JsonProperty("seed") long seed) {
    }

    /**
     * Split conformal over labelled windows in order ({@code p[i]} p̄ of window i, {@code y[i]} its class), target
     * miscoverage α, rolling window for the test half's stats; empty with too few windows for the quantile (fewer than
     * ⌈1/α⌉ − 1 in the calibration half) or for a test half.
     */
    public static Optional<Result> evaluate(List<double[]> p, int[] y, double alpha, int rolling, long seed) {
        if (p.size() != y.length) {
            throw new IllegalArgumentException("split conformal needs one class per window: " + p.size() + " windows, "
                    + y.length + " classes");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("the conformal target alpha must be in (0, 1), got " + alpha);
        }
        int n = y.length;
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int calibration = n / 2;
        double[] scores = new double[calibration];
        for (int k = 0; k < calibration; k++) {
            int i = order.get(k);
            scores[k] = 1 - p.get(i)[y[i]];
        }
        long rank = (long) Math.ceil((calibration + 1) * (1 - alpha));
        if (calibration == 0 || rank > calibration || n - calibration == 0) {
            return Optional.empty();
        }
        Arrays.sort(scores);
        double q = scores[(int) rank - 1];
        int[] test = order.subList(calibration, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        SetRule rule = SetRule.threshold(q);
        boolean[] covered = new boolean[test.length];
        int[] size = new int[test.length];
        int classes = p.get(0).length;
        for (int k = 0; k < test.length; k++) {
            List<Integer> set = rule.apply(p.get(test[k]));
            covered[k] = set.contains(y[test[k]]);
            size[k] = set.size();
        }
        return Optional.of(new Result(calibration, q, SetStats.of(covered, size, classes, rolling), seed));
    }
}
