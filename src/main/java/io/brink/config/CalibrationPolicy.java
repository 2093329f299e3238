package io.brink.config;

/**
 * Live calibration settings.
 *
 * @param window          labelled windows in the rolling calibration window
 * @param alpha           target miscoverage of the conformal prediction sets
 * @param gamma           the conformal offset step (nats per batch)
 * @param conformalWindow recent calibration scores the conformal quantile is taken over
 * @param estimateWindow  recent predictions the label-free accuracy estimate averages
 * @param intervalMs      how often (wall-clock ms) a calibration record is written and the scorers' set rule refreshed
 * @param publishEvery    a record is also written after this many labelled windows, so that the rule the scorers use
 *                        lags the calibration by few outcomes
 * @param batch           outcomes per step of the conformal offset
 * @param fullPenalty     nats added to the least likely class's conformal score (0: none)
 * @param fullBudget      at most this share of the recent sets a scorer gives may hold every class (1: no cap)
 * @param fullBudgetWindow recent sets the full-set budget counts over
 */
public record CalibrationPolicy(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, long intervalMs,
                                int publishEvery, int batch, double fullPenalty, double fullBudget, int fullBudgetWindow) {

    /** Without a full-set penalty or budget. */
    public CalibrationPolicy(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, long intervalMs,
                             int publishEvery, int batch) {
        this(window, alpha, gamma, conformalWindow, estimateWindow, intervalMs, publishEvery, batch, 0, 1, 1);
    }

    /** The calibration settings these give each model. */
    public io.brink.calibration.CalibrationSettings settings() {
        return new io.brink.calibration.CalibrationSettings(window, alpha, gamma, conformalWindow, estimateWindow, batch, fullPenalty,
                fullBudget, fullBudgetWindow);
    }
}
