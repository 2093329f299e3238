package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Live calibration of one model: every labelled window since start and the last {@code window} of them. Since
 * start keeps running sums; the rolling window keeps its windows and sums them when read (so its figures do not drift
 * as windows come and go, and a restored tally reads exactly like the one it was saved from).
 */
public final class CalibrationTally {

    private final int window;
    private final ReliabilityBins total = new ReliabilityBins();
    private final Deque<Labelled> recent = new ArrayDeque<>();
    private long count;
    private long correct;
    private double nll;
    private double brier;

    /** A tally with a rolling window of {@code window} ≥ 1 labelled windows. */
    public CalibrationTally(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the rolling calibration window needs at least 1 window, got " + window);
        }
        this.window = window;
    }

    /** Adds a labelled window (and lets the oldest of the rolling window go when it is full). */
    public void add(Labelled w) {
        count++;
        correct += w.correct() ? 1 : 0;
        nll += w.nll();
        brier += w.brier();
        total.add(w.confidence(), w.correct());
        addRolling(w);
    }

    /** Puts a window back into the rolling window only (restoring saved state: the totals come from {@link #restore}). */
    void addRolling(Labelled w) {
        recent.addLast(w);
        if (recent.size() > window) {
            recent.removeFirst();
        }
    }

    /** The rolling window's bins, summed afresh in order (so a restored tally reads exactly like the one it was saved from). */
    private ReliabilityBins rollingBins() {
        ReliabilityBins bins = new ReliabilityBins();
        for (Labelled w : recent) {
            bins.add(w.confidence(), w.correct());
        }
        return bins;
    }

    /** Since start. */
    public CalibrationSummary total() {
        return summary(count, correct, nll, brier, total);
    }

    /** Over the last {@code window} labelled windows (fewer until that many arrived). */
    public CalibrationSummary rolling() {
        long n = recent.size();
        long ok = 0;
        double nl = 0;
        double br = 0;
        for (Labelled w : recent) {
            ok += w.correct() ? 1 : 0;
            nl += w.nll();
            br += w.brier();
        }
        return summary(n, ok, nl, br, rollingBins());
    }

    /** The histogram-binning calibrator fitted on the rolling window. */
    public BinningCalibrator calibrator() {
        return BinningCalibrator.fit(rollingBins());
    }

    /** The since-start sums, for saving. */
    Totals totals() {
        long[] bc = new long[ReliabilityBins.BINS];
        long[] bk = new long[ReliabilityBins.BINS];
        double[] bs = new double[ReliabilityBins.BINS];
        for (int b = 0; b < ReliabilityBins.BINS; b++) {
            bc[b] = total.count(b);
            bk[b] = total.correct(b);
            bs[b] = total.confidenceSum(b);
        }
        return new Totals(count, correct, nll, brier, bc, bk, bs);
    }

    /** Restores the since-start sums saved by {@link #totals}. */
    void restore(Totals t) {
        count = t.count();
        correct = t.correct();
        nll = t.nll();
        brier = t.brier();
        total.restore(t.binCounts(), t.binCorrect(), t.binConfidence());
    }

    /** Since-start sums: windows, correct, Σ NLL, Σ Brier, and per bin count, correct and Σ confidence. */
    public record Totals(long count, long correct, double nll, double brier, long[] binCounts, long[] binCorrect,
                         double[] binConfidence) {
    }

    public int window() {
        return window;
    }

    /** The labelled windows of the rolling window, oldest first. */
    public Iterable<Labelled> recent() {
        return recent;
    }

    private static CalibrationSummary summary(long n, long ok, double nll, double brier, ReliabilityBins bins) {
        if (n == 0) {
            return new CalibrationSummary(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), bins.diagram());
        }
        return new CalibrationSummary(n, OptionalDouble.of((double) ok / n), OptionalDouble.of(bins.ece(n)),
                OptionalDouble.of(nll / n), OptionalDouble.of(brier / n), bins.diagram());
    }
}
