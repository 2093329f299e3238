/**
 * How far to trust a model's probabilities, from labelled windows: live calibration (accuracy, ECE over 15
 * confidence bins, NLL, Brier, the reliability diagram) over a rolling window and since start, adaptive conformal
 * prediction sets with their realized coverage, and a label-free accuracy estimate from a histogram-binning
 * calibrator. Plain state and arithmetic, no Kafka: the stream's calibration processor and {@code brink analyze}
 * run the same classes.
 */
package io.brink.calibration;
