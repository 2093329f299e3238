package io.brink.cli;

import io.brink.calibration.CalibrationSettings;
import io.brink.engine.ProfileOptions;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.stage.CertifiedStage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * How to profile windows, shared by {@code analyze} and {@code report}: the batch, the Hessian-vector product mode, warm
 * starts, the seed and the conformal settings. The stages' own settings are the options the stages declare, added to the
 * commands by {@link StageCommandOptions}; the stride is each command's own.
 */
public final class ProfileMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--batch", defaultValue = "256", description = "windows profiled together (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--hvp", defaultValue = "EXACT", description = "EXACT or FINITE_DIFFERENCE (default: ${DEFAULT-VALUE})")
    HvpMode hvp;

    @Option(names = "--no-warm-start", description = "start every eigenvector search from a random vector")
    boolean noWarmStart;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--conformal-alpha", defaultValue = "0.1", description = "target miscoverage of the sets (default: ${DEFAULT-VALUE})")
    double conformalAlpha;

    @Option(names = "--conformal-gamma", defaultValue = "" + CalibrationSettings.DEFAULT_GAMMA,
            description = "step of the conformal sets' offset, in nats per batch of outcomes (default: ${DEFAULT-VALUE})")
    double conformalGamma;

    @Option(names = "--conformal-batch", defaultValue = "" + CalibrationSettings.DEFAULT_BATCH,
            description = "outcomes per step of the conformal offset (default: ${DEFAULT-VALUE})")
    int conformalBatch;

    @Option(names = "--conformal-full-penalty", defaultValue = "" + CalibrationSettings.DEFAULT_FULL_PENALTY,
            description = "nats added to the least likely class's conformal score, so that sets grow to every class last; 0: none "
                    + "(default: ${DEFAULT-VALUE})")
    double conformalFullPenalty;

    @Option(names = "--conformal-full-budget", defaultValue = "" + CalibrationSettings.DEFAULT_FULL_BUDGET,
            description = "at most this share of the recent sets may hold every class; 1: no cap (default: ${DEFAULT-VALUE})")
    double conformalFullBudget;

    @Option(names = "--conformal-full-budget-window", defaultValue = "" + CalibrationSettings.DEFAULT_FULL_BUDGET_WINDOW,
            description = "recent sets the full-set budget counts over (default: ${DEFAULT-VALUE})")
    int conformalFullBudgetWindow;

    @Option(names = "--conformal-window", defaultValue = "" + CalibrationSettings.DEFAULT_CONFORMAL_WINDOW, description = "recent calibration scores of the conformal quantile"
            + " (default: ${DEFAULT-VALUE})")
    int conformalWindow;

    @Option(names = "--calibration-window", defaultValue = "1000", description = "labelled windows in the rolling calibration"
            + " window, and of the rolling coverage in the labels summary (default: ${DEFAULT-VALUE})")
    int calibrationWindow;

    /**
     * What to compute per window: the stages as their generated options say ({@link StageCommandOptions}), with the
     * certified radius for one window in {@code certifyEvery} (1: all, as analyze asks; a sample for report; 0: none).
     */
    ProfileOptions profile(int certifyEvery) {
        return ProfileOptions.builder()
                .stages(StageCommandOptions.settings(mixee, Map.of(CertifiedStage.EVERY.key(), certifyEvery)))
                .hvpMode(hvp)
                .seed(seed)
                .build();
    }

    CalibrationSettings calibration() {
        return new CalibrationSettings(calibrationWindow, conformalAlpha, conformalGamma, conformalWindow,
                CalibrationSettings.defaults().estimateWindow(), conformalBatch, conformalFullPenalty, conformalFullBudget,
                conformalFullBudgetWindow);
    }
}
