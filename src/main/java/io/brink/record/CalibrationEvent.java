package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the outcome join tells the calibration processor, keyed by model on the calibration-events topic: a
 * prediction was made (its confidence max p̄, for the label-free estimate), or a prediction's outcome arrived (p̄,
 * the realized class, whether it was in the window's prediction set and the set's size).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record CalibrationEvent(@JsonProperty("model") String model, @JsonProperty("model_version") String modelVersion,
                               @JsonProperty("kind") Kind kind,
                               @JsonProperty("probabilities") double[] probabilities,
                               @JsonProperty("actual") OptionalInt actual,
                               @JsonProperty("covered") Optional<Boolean> covered,
                               @JsonProperty("set_size") OptionalInt setSize) {

    /** A prediction, or a labelled prediction. */
    public enum Kind { PREDICTED, LABELLED }

    public static CalibrationEvent predicted(String model, String version, double[] p) {
        return new CalibrationEvent(model, version, Kind.PREDICTED, p, OptionalInt.empty(), Optional.empty(), OptionalInt.empty());
    }

    public static CalibrationEvent labelled(String model, String version, double[] p, int actual, boolean covered, int setSize) {
        return new CalibrationEvent(model, version, Kind.LABELLED, p, OptionalInt.of(actual), Optional.of(covered), OptionalInt.of(setSize));
    }
}
