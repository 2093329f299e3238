package io.brink.calibration;

/**
 * Sizes and targets of a model's live calibration.
 *
 * @param window          labelled windows in the rolling calibration window (ECE, NLL, Brier, the binning calibrator)
 * @param alpha           target miscoverage α of the conformal sets (coverage 1 − α)
 * @param gamma           the conformal offset's step γ, in nats per batch ({@link AdaptiveConformal})
 * @param conformalWindow recent calibration scores the conformal quantile is taken over
 * @param estimateWindow  recent predictions (labelled or not) the label-free accuracy estimate averages
 * @param batch           outcomes per step of the conformal offset
 */
public record CalibrationSettings(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, int batch) {

    public CalibrationSettings {
        if (window < 1 || conformalWindow < 1 || estimateWindow < 1) {
            throw new IllegalArgumentException("calibration windows need at least 1 window each");
        }
        new AdaptiveConformal(alpha, gamma, conformalWindow, batch);
    }

    /** Default γ (nats per batch) and batch (outcomes), chosen by measurement: docs/uncertainty.md. */
    public static final double DEFAULT_GAMMA = 0.05;
    public static final int DEFAULT_BATCH = 50;

    /** Rolling 1,000 labelled windows, α = 0.1, the default γ and batch, 500 conformal scores, 1,000 predictions for the estimate. */
    public static CalibrationSettings defaults() {
        return new CalibrationSettings(1000, 0.1, DEFAULT_GAMMA, 500, 1000, DEFAULT_BATCH);
    }
}
