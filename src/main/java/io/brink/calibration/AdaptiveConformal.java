package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Adaptive conformal inference (Gibbs and Candès, 2021) with the score s(x, y) = 1 − p̄_y. The set of a new window is
 * {y : s(x, y) ≤ q̂_t}, q̂_t the ⌈(n + 1)(1 − α_t)⌉-th smallest of the last n calibration scores (the scores of the
 * recent labelled windows' true classes); every class when α_t ≤ 0 or that rank exceeds n, none when α_t ≥ 1. When a
 * window's outcome arrives, err = 1 if its class was not in the set it was given, and α_{t+1} = α_t + γ(α − err), so
 * that the long-run miscoverage tends to α even when the data shift. Outcomes may arrive late; each updates α once
 * (judged by the set the window was given).
 */
public final class AdaptiveConformal {

    private final double alpha;
    private final double gamma;
    private final int window;
    private double alphaT;
    private final Deque<Double> scores = new ArrayDeque<>();

    /** Target miscoverage α ∈ (0, 1), step γ > 0, and the number of recent calibration scores kept. */
    public AdaptiveConformal(double alpha, double gamma, int window) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("the conformal target alpha must be in (0, 1), got " + alpha);
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("the conformal step gamma must be positive, got " + gamma);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the conformal score window needs at least 1 score, got " + window);
        }
        this.alpha = alpha;
        this.gamma = gamma;
        this.window = window;
        this.alphaT = alpha;
    }

    /** The rule for the next window's set. */
    public SetRule rule() {
        if (alphaT >= 1) {
            return SetRule.none();
        }
        int n = scores.size();
        if (alphaT <= 0 || n == 0) {
            return SetRule.all();
        }
        long rank = (long) Math.ceil((n + 1) * (1 - alphaT));
        if (rank > n) {
            return SetRule.all();
        }
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return SetRule.threshold(sorted[(int) Math.max(0, rank - 1)]);
    }

    /** The outcome y of a window given {@code covered} (y was in its set), with probabilities p̄: updates α_t and the scores. */
    public void update(double[] p, int y, boolean covered) {
        alphaT += gamma * (alpha - (covered ? 0 : 1));
        scores.addLast(1 - p[y]);
        if (scores.size() > window) {
            scores.removeFirst();
        }
    }

    /** Puts a calibration score back (restoring saved state; α_t is restored on its own). */
    void restoreScore(double score) {
        scores.addLast(score);
        if (scores.size() > window) {
            scores.removeFirst();
        }
    }

    /** α_t now. */
    public double alphaT() {
        return alphaT;
    }

    /** Sets α_t (restoring saved state). */
    public void restoreAlphaT(double a) {
        alphaT = a;
    }

    public double alpha() {
        return alpha;
    }

    public double gamma() {
        return gamma;
    }
}
