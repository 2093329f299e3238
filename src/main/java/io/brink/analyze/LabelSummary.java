package io.brink.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.brink.calibration.CalibrationSummary;
import io.brink.calibration.ModelCalibration;

import java.util.OptionalDouble;

/**
 * What {@code brink analyze --labels L --summary S} writes to S: over the labelled windows, in the order of the points
 * file, their number, accuracy, ECE, NLL, Brier, and the realized coverage and mean size of the adaptive conformal sets
 * the same code gives live. Figures of no windows are absent.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"windows", "accuracy", "ece", "nll", "brier", "coverage", "mean_set_size", "target_coverage", "uncertainty_method"})
public record LabelSummary(@JsonProperty("windows") long windows, @JsonProperty("accuracy") OptionalDouble accuracy,
                           @JsonProperty("ece") OptionalDouble ece, @JsonProperty("nll") OptionalDouble nll,
                           @JsonProperty("brier") OptionalDouble brier, @JsonProperty("coverage") OptionalDouble coverage,
                           @JsonProperty("mean_set_size") OptionalDouble meanSetSize,
                           @JsonProperty("target_coverage") double targetCoverage,
                           @JsonProperty("uncertainty_method") String uncertaintyMethod) {

    static LabelSummary of(ModelCalibration c, String method) {
        CalibrationSummary t = c.total();
        return new LabelSummary(t.windows(), t.accuracy(), t.ece(), t.nll(), t.brier(), c.coverage(), c.meanSetSize(),
                1 - c.settings().alpha(), method);
    }
}
