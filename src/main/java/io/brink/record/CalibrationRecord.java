package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.brink.calibration.CalibrationSummary;
import io.brink.calibration.SetRule;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A model's live calibration at one moment, written periodically to the calibration topic keyed by model
 * (schemas/calibration.schema.json): calibration over the rolling window and since start, the adaptive conformal
 * state and its realized coverage, and the label-free accuracy estimate. The scorers read the latest one for the
 * rule that makes each window's prediction set.
 *
 * @param ts                 wall-clock ms when it was made
 * @param labelled           labelled windows since start
 * @param predictions        predictions since start (labelled or not)
 * @param rolling            calibration over the last {@code rolling.windows} labelled windows
 * @param total              calibration since start
 * @param conformal          adaptive conformal state and coverage
 * @param estimatedAccuracy  mean calibrated confidence of the recent predictions (histogram binning), before their labels
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"model", "model_version", "ts", "labelled", "predictions", "estimated_accuracy", "rolling", "total", "conformal"})
public record CalibrationRecord(@JsonProperty("model") String model, @JsonProperty("model_version") String modelVersion,
                                @JsonProperty("ts") long ts, @JsonProperty("labelled") long labelled,
                                @JsonProperty("predictions") long predictions,
                                @JsonProperty("estimated_accuracy") OptionalDouble estimatedAccuracy,
                                @JsonProperty("rolling") CalibrationSummary rolling, @JsonProperty("total") CalibrationSummary total,
                                @JsonProperty("conformal") Conformal conformal) {

    /**
     * The conformal sets: target α, the offset's step γ (nats per batch) and batch, the offset δ now (nats), the full-set
     * penalty (nats) and budget (share of recent sets), the rule for
     * the next sets, and the labelled windows' sets since start and over the rolling window (absent before the first): coverage,
     * mean set size, share of full sets (every class: an abstention), coverage per true class (by class index; null for a
     * class not labelled yet).
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    @JsonPropertyOrder({"alpha", "gamma", "batch", "offset", "full_penalty", "full_budget", "rule", "coverage", "mean_set_size", "full_set_share", "class_coverage",
            "rolling_coverage", "rolling_mean_set_size", "rolling_full_set_share", "rolling_class_coverage"})
    public record Conformal(@JsonProperty("alpha") double alpha, @JsonProperty("gamma") double gamma, @JsonProperty("batch") int batch,
                            @JsonProperty("offset") double offset, @JsonProperty("full_penalty") double fullPenalty,
                            @JsonProperty("full_budget") double fullBudget, @JsonProperty("rule") SetRule rule,
                            @JsonProperty("coverage") OptionalDouble coverage, @JsonProperty("mean_set_size") OptionalDouble meanSetSize,
                            @JsonProperty("full_set_share") OptionalDouble fullSetShare,
                            @JsonProperty("class_coverage") List<OptionalDouble> classCoverage,
                            @JsonProperty("rolling_coverage") OptionalDouble rollingCoverage,
                            @JsonProperty("rolling_mean_set_size") OptionalDouble rollingMeanSetSize,
                            @JsonProperty("rolling_full_set_share") OptionalDouble rollingFullSetShare,
                            @JsonProperty("rolling_class_coverage") List<OptionalDouble> rollingClassCoverage) {
    }

    /** The record of {@code c} now. */
    public static CalibrationRecord of(String model, String version, long ts, io.brink.calibration.ModelCalibration c) {
        return new CalibrationRecord(model, version, ts, c.labelledCount(), c.predictionCount(), c.estimatedAccuracy(), c.rolling(),
                c.total(), new Conformal(c.settings().alpha(), c.settings().gamma(), c.settings().batch(), c.conformalOffset(),
                c.settings().fullPenalty(), c.settings().fullBudget(), c.rule(),
                c.coverage(), c.meanSetSize(), c.fullSetShare(), c.classCoverage(), c.rollingCoverage(), c.rollingMeanSetSize(),
                c.rollingFullSetShare(), c.rollingClassCoverage()));
    }
}
