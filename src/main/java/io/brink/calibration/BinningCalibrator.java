package io.brink.calibration;

/**
 * Histogram binning: a prediction of confidence c is correct with the probability that windows of its confidence bin
 * were correct, shrunk toward c by {@link #PSEUDO_COUNT} pseudo-windows so that a thin bin does not swing:
 * (correct_b + K·c) / (n_b + K). Fitted on a set of labelled windows (the rolling calibration window).
 */
public final class BinningCalibrator {

    /** Pseudo-windows K of the shrinkage toward the raw confidence. */
    public static final double PSEUDO_COUNT = 5;

    private final long[] count = new long[ReliabilityBins.BINS];
    private final long[] correct = new long[ReliabilityBins.BINS];

    static BinningCalibrator fit(ReliabilityBins bins) {
        BinningCalibrator c = new BinningCalibrator();
        for (int b = 0; b < ReliabilityBins.BINS; b++) {
            c.count[b] = bins.count(b);
            c.correct[b] = bins.correct(b);
        }
        return c;
    }

    /** The calibrated probability that a prediction of confidence {@code c} is correct. */
    public double calibrated(double c) {
        int b = ReliabilityBins.bin(c);
        return (correct[b] + PSEUDO_COUNT * c) / (count[b] + PSEUDO_COUNT);
    }
}
