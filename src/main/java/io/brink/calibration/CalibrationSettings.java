package io.brink.calibration;

/**
 * Sizes and targets of a model's live calibration.
 *
 * @param window           labelled windows in the rolling calibration window (ECE, NLL, Brier, the binning calibrator)
 * @param alpha            target miscoverage α of the conformal sets (coverage 1 − α)
 * @param gamma            the conformal offset's step γ, in nats per batch ({@link AdaptiveConformal})
 * @param conformalWindow  recent calibration scores the conformal quantile is taken over
 * @param estimateWindow   recent predictions (labelled or not) the label-free accuracy estimate averages
 * @param batch            outcomes per step of the conformal offset
 * @param fullPenalty      nats added to the least likely class's conformal score (0: none; {@link SetRule#penalized})
 * @param fullBudget       at most this share of the recent sets given may hold every class (1: no cap; {@link FullSetBudget})
 * @param fullBudgetWindow recent sets the full-set budget counts over
 */
public record CalibrationSettings(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, int batch,
                                  double fullPenalty, double fullBudget, int fullBudgetWindow) {

    public CalibrationSettings {
        if (window < 1 || conformalWindow < 1 || estimateWindow < 1) {
            throw new IllegalArgumentException("calibration windows need at least 1 window each");
        }
        new AdaptiveConformal(alpha, gamma, conformalWindow, batch, fullPenalty);
        new FullSetBudget(fullBudget, fullBudgetWindow);
    }

    /** Without a full-set penalty or budget (the rule before they were added). */
    public CalibrationSettings(int window, double alpha, double gamma, int conformalWindow, int estimateWindow, int batch) {
        this(window, alpha, gamma, conformalWindow, estimateWindow, batch, 0, 1, 1);
    }

    /** Default γ (nats per batch), batch (outcomes), score window, full-set penalty (nats) and budget: docs/uncertainty.md. */
    public static final double DEFAULT_GAMMA = 0.2;
    public static final int DEFAULT_BATCH = 50;
    public static final int DEFAULT_CONFORMAL_WINDOW = 200;
    public static final double DEFAULT_FULL_PENALTY = 3;
    public static final double DEFAULT_FULL_BUDGET = 1;
    public static final int DEFAULT_FULL_BUDGET_WINDOW = 100;

    /**
     * Rolling 1,000 labelled windows, α = 0.1, the default γ, batch, score window (200) and full-set penalty (3 nats), no
     * full-set budget (it trades coverage for fewer abstentions: an operator's choice, docs/uncertainty.md), 1,000
     * predictions for the estimate.
     */
    public static CalibrationSettings defaults() {
        return new CalibrationSettings(1000, 0.1, DEFAULT_GAMMA, DEFAULT_CONFORMAL_WINDOW, 1000, DEFAULT_BATCH,
                DEFAULT_FULL_PENALTY, DEFAULT_FULL_BUDGET, DEFAULT_FULL_BUDGET_WINDOW);
    }

    /** A budget for the sets one scorer gives. */
    public FullSetBudget newBudget() {
        return new FullSetBudget(fullBudget, fullBudgetWindow);
    }
}
