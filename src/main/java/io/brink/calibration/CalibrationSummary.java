package io.brink.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Calibration over a set of labelled windows: how many, accuracy (share with argmax p̄ = y), ECE (15 equal-width
 * confidence bins, absolute gap), mean NLL (nats), mean Brier score and the reliability diagram. The means are
 * absent when there are no windows.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"windows", "accuracy", "ece", "nll", "brier", "bins"})
public record CalibrationSummary(@JsonProperty("windows") long windows, @JsonProperty("accuracy") OptionalDouble accuracy,
                                 @JsonProperty("ece") OptionalDouble ece, @JsonProperty("nll") OptionalDouble nll,
                                 @JsonProperty("brier") OptionalDouble brier, @JsonProperty("bins") List<Bin> bins) {

    /** One bin of the reliability diagram: confidences in (lower, upper]. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Bin(@JsonProperty("lower") double lower, @JsonProperty("upper") double upper, @JsonProperty("count") long count,
                      @JsonProperty("mean_confidence") OptionalDouble meanConfidence, @JsonProperty("accuracy") OptionalDouble accuracy) {
    }
}
