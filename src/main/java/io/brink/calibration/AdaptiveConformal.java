package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Conformal prediction sets that hold their coverage when outcomes arrive late and in bursts: a rolling split-conformal
 * quantile of recent calibration scores plus an offset that quantile tracking moves once per batch of outcomes.
 *
 * <p>The score of class y is s(x, y) = 1 − p̄_y. The threshold is q = Q̂ ⊕ δ: Q̂ the ⌈(n + 1)(1 − α)⌉-th smallest of the
 * last n calibration scores (the scores of recent labelled windows' true classes: split conformal on a rolling window,
 * which follows a shift as new scores replace old ones, with no feedback loop), and δ an offset in nats applied on the log
 * scale of p̄ (−ln(1 − q) = −ln(1 − Q̂) + δ), where a step means the same wherever the quantile lies (confident models put
 * it within 1e-3 of s = 1, where a step in s would jump to full sets). The set is the top class and every class y with
 * s(x, y) ≤ q: never empty; every class while there are too few scores for the quantile. Each outcome is judged by the set
 * its window was given (err = 1 when its class was not in it); after every {@code batch} outcomes,
 * δ ← clip(δ + γ(err̄ − α), ±27.6), err̄ that batch's miscoverage. One step per batch, whichever rule the batch's windows
 * were given, bounds what a burst of outcomes judged against a stale rule can do.
 *
 * <p>With a full-set penalty λ > 0 the scores are penalized ({@link SetRule#penalizedScore}: −ln p̄_y, plus λ nats when y
 * is the least likely class), the quantile and the offset are taken on that scale, and the rule is {@link SetRule#penalized}:
 * a set holds every class only when the threshold passes the least likely class's score by λ, so that the threshold can
 * grow to take a second class for many windows before it makes any set full (regularized sets in the spirit of RAPS,
 * Angelopoulos et al. 2021, with the penalty on the abstention alone). Any fixed score keeps conformal's guarantee.
 *
 * <p>Guarantee (quantile tracking's, Angelopoulos, Barber and Bates 2023, on equal batches): while the clip does not bind,
 * Σ_k (err̄_k − α) = (δ_K − δ_0)/γ, so the miscoverage of the first K·batch outcomes is α + (δ_K − δ_0)/(γK) for any
 * data, shifted or adversarial, and any delays (δ is bounded, so this tends to α). The lower clip binds only when the sets
 * are the top class alone and still cover too much (coverage is then above 1 − α); the upper one only after outcomes judged
 * against stale rules pushed δ past the point where every set is full (err = 0 then, and δ comes back).
 */
public final class AdaptiveConformal {

    /** Probabilities below this count as this: every class is in a set at −ln(1e-12) ≈ 27.6 nats. */
    static final double MIN_P = SetRule.MIN_P;
    /** Bound of an offset, in nats. */
    static final double OFFSET_BOUND = -Math.log(MIN_P);

    private final double alpha;
    private final double gamma;
    private final int window;
    private final int batch;
    private final double fullPenalty;
    private final double offsetBound;
    private final Deque<Double> scores = new ArrayDeque<>();
    private double offset;
    private int seen;
    private int missed;

    /** Target miscoverage α ∈ (0, 1), offset step γ > 0 (nats per batch), n recent scores, outcomes per step; no penalty. */
    public AdaptiveConformal(double alpha, double gamma, int window, int batch) {
        this(alpha, gamma, window, batch, 0);
    }

    /** The same with a full-set penalty λ ≥ 0 (nats added to the least likely class's score; 0: none). */
    public AdaptiveConformal(double alpha, double gamma, int window, int batch, double fullPenalty) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("the conformal target alpha must be in (0, 1), got " + alpha);
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("the conformal step gamma must be positive, got " + gamma);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the conformal score window needs at least 1 score, got " + window);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the conformal batch needs at least 1 outcome, got " + batch);
        }
        if (!(fullPenalty >= 0) || !Double.isFinite(fullPenalty)) {
            throw new IllegalArgumentException("the full-set penalty must be 0 or more nats, got " + fullPenalty);
        }
        this.fullPenalty = fullPenalty;
        this.offsetBound = OFFSET_BOUND + fullPenalty;
        this.alpha = alpha;
        this.gamma = gamma;
        this.window = window;
        this.batch = batch;
    }

    /** The rule for the next window's set. */
    public SetRule rule() {
        if (fullPenalty > 0) {
            double[] sorted = sortedScores();
            long rank = rank(sorted.length);
            return rank < 0 ? SetRule.all() : SetRule.penalized(sorted[(int) rank] + offset, fullPenalty);
        }
        double q = threshold();
        return q >= 1 ? SetRule.all() : SetRule.threshold(q);
    }

    /** The 0-based index of the conformal quantile among n sorted scores, or −1 when there are too few. */
    private long rank(int n) {
        long rank = (long) Math.ceil((n + 1) * (1 - alpha));
        return n == 0 || rank > n ? -1 : Math.max(0, rank - 1);
    }

    private double[] sortedScores() {
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The threshold on the score scale; 1 (every class) with too few scores. */
    private double threshold() {
        double[] sorted = sortedScores();
        long rank = rank(sorted.length);
        if (rank < 0) {
            return 1;
        }
        double nats = -Math.log(Math.max(1 - sorted[(int) rank], MIN_P)) + offset;
        return nats >= OFFSET_BOUND ? 1 : Math.max(0, 1 - Math.exp(-nats));
    }

    /** The outcome y of a window given {@code covered} (y was in its set), with probabilities p̄: the scores, then the offset. */
    public void update(double[] p, int y, boolean covered) {
        restoreScore(p, y);
        seen++;
        missed += covered ? 0 : 1;
        if (seen >= batch) {
            offset = clip(offset + gamma * ((double) missed / seen - alpha));
            seen = 0;
            missed = 0;
        }
    }

    private double clip(double d) {
        return Math.max(-offsetBound, Math.min(offsetBound, d));
    }

    /**
     * Puts the calibration score of a labelled window (p̄, its class y) back (restoring saved state; the offset and the
     * open batch are restored apart): 1 − p̄_y, or the penalized score in nats with a full-set penalty.
     */
    void restoreScore(double[] p, int y) {
        scores.addLast(fullPenalty > 0 ? SetRule.penalizedScore(p, y, fullPenalty) : 1 - p[y]);
        if (scores.size() > window) {
            scores.removeFirst();
        }
    }

    /** The offset δ now, in nats. */
    public double offset() {
        return offset;
    }

    /** Outcomes of the open batch, and how many of them their set missed. */
    public int[] openBatch() {
        return new int[] {seen, missed};
    }

    /** Restores the offset and the open batch (saved state). */
    public void restore(double offset, int seen, int missed) {
        this.offset = clip(offset);
        this.seen = Math.max(0, seen);
        this.missed = Math.max(0, Math.min(missed, this.seen));
    }

    public double alpha() {
        return alpha;
    }

    public double gamma() {
        return gamma;
    }

    public int batch() {
        return batch;
    }

    /** The full-set penalty λ, in nats (0: none). */
    public double fullPenalty() {
        return fullPenalty;
    }
}
