package io.brink.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of labelled windows in 15 equal-width confidence bins, bin b (1-based) covering ((b−1)/15, b/15] (a
 * confidence of exactly 0 falls in bin 1): per bin the count, the sum of confidences and the number correct.
 * Sums are added in order.
 */
public final class ReliabilityBins {

    /** Number of bins. */
    public static final int BINS = 15;

    private final long[] count = new long[BINS];
    private final double[] confidence = new double[BINS];
    private final long[] correct = new long[BINS];

    /** The 0-based bin of a confidence: ⌈15·c⌉ − 1, clamped to [0, 14]. */
    public static int bin(double confidence) {
        int b = (int) Math.ceil(confidence * BINS) - 1;
        return Math.max(0, Math.min(BINS - 1, b));
    }

    void add(double conf, boolean isCorrect) {
        int b = bin(conf);
        count[b]++;
        confidence[b] += conf;
        correct[b] += isCorrect ? 1 : 0;
    }

    long count(int b) {
        return count[b];
    }

    long correct(int b) {
        return correct[b];
    }

    double confidenceSum(int b) {
        return confidence[b];
    }

    void restore(long[] counts, long[] corrects, double[] confidences) {
        System.arraycopy(counts, 0, count, 0, BINS);
        System.arraycopy(corrects, 0, correct, 0, BINS);
        System.arraycopy(confidences, 0, confidence, 0, BINS);
    }

    /** ECE = Σ_b (n_b / n) |acc_b − conf_b| over the non-empty bins; empty without windows. */
    double ece(long n) {
        double e = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                e += (double) count[b] / n * Math.abs((double) correct[b] / count[b] - confidence[b] / count[b]);
            }
        }
        return e;
    }

    /** The reliability diagram: per bin, its bounds, count, mean confidence and accuracy (the means absent when empty). */
    List<CalibrationSummary.Bin> diagram() {
        List<CalibrationSummary.Bin> out = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            out.add(new CalibrationSummary.Bin((double) b / BINS, (double) (b + 1) / BINS, count[b],
                    count[b] == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(confidence[b] / count[b]),
                    count[b] == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) correct[b] / count[b])));
        }
        return out;
    }
}
