package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the calibration processor is told, keyed by model on the calibration-events topic: tier-0 scoring made a batch
 * of predictions ({@code confidences}: max p̄ of each, in order, for the label-free estimate), or the outcome join
 * joined a prediction's outcome ({@code probabilities} p̄, the realized class, whether it was in the window's
 * prediction set and the set's size).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record CalibrationEvent(@JsonProperty("model") String model, @JsonProperty("model_version") String modelVersion,
                               @JsonProperty("kind") Kind kind,
                               @JsonProperty("confidences") Optional<double[]> confidences,
                               @JsonProperty("probabilities") Optional<double[]> probabilities,
                               @JsonProperty("actual") OptionalInt actual,
                               @JsonProperty("covered") Optional<Boolean> covered,
                               @JsonProperty("set_size") OptionalInt setSize) {

    /** A prediction, or a labelled prediction. */
    public enum Kind { PREDICTED, LABELLED }

    /** A batch of predictions with these confidences (max p̄ each), in order. */
    public static CalibrationEvent predicted(String model, String version, double[] confidences) {
        return new CalibrationEvent(model, version, Kind.PREDICTED, Optional.of(confidences), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), OptionalInt.empty());
    }

    public static CalibrationEvent labelled(String model, String version, double[] p, int actual, boolean covered, int setSize) {
        return new CalibrationEvent(model, version, Kind.LABELLED, Optional.empty(), Optional.of(p), OptionalInt.of(actual),
                Optional.of(covered), OptionalInt.of(setSize));
    }
}
