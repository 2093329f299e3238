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
 */
public record CalibrationPolicy(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, long intervalMs,
                                int publishEvery, int batch) {
}
