package io.brink.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.brink.calibration.CalibrationSummary;
import io.brink.calibration.ModelCalibration;
import io.brink.calibration.SetStats;
import io.brink.calibration.SplitConformal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@code brink analyze --labels L --summary S} writes to S: over the labelled windows, in the order of the points
 * file, their number, accuracy, ECE, NLL, Brier, and the realized coverage and mean size of the adaptive conformal sets
 * the same code gives live, with their full-set share and rolling coverage ({@code sets}, rolling over the calibration
 * window), and the offline split-conformal reference on the same windows ({@code split_conformal}: one threshold fitted
 * on a random half, seed {@value #SPLIT_SEED}, measured on the other half). Figures of no windows are absent.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"windows", "accuracy", "ece", "nll", "brier", "coverage", "mean_set_size", "target_coverage", "uncertainty_method",
        "sets", "split_conformal"})
public record LabelSummary(@JsonProperty("windows") long windows, @JsonProperty("accuracy") OptionalDouble accuracy,
                           @JsonProperty("ece") OptionalDouble ece, @JsonProperty("nll") OptionalDouble nll,
                           @JsonProperty("brier") OptionalDouble brier, @JsonProperty("coverage") OptionalDouble coverage,
                           @JsonProperty("mean_set_size") OptionalDouble meanSetSize,
                           @JsonProperty("target_coverage") double targetCoverage,
                           @JsonProperty("uncertainty_method") String uncertaintyMethod,
                           @JsonProperty("sets") Optional<SetStats> sets,
                           @JsonProperty("split_conformal") Optional<SplitConformal.Result> splitConformal) {

    /** The seed of the split-conformal reference's random half. */
    public static final long SPLIT_SEED = 1;

    /**
     * The summary of calibration {@code c}, given the labelled windows in order: p̄, true class and the set each was
     * given.
     */
    static LabelSummary of(ModelCalibration c, String method, List<double[]> probabilities, List<Integer> classes,
                           List<List<Integer>> sets) {
        CalibrationSummary t = c.total();
        int n = classes.size();
        Optional<SetStats> given = Optional.empty();
        Optional<SplitConformal.Result> split = Optional.empty();
        if (n > 0) {
            boolean[] covered = new boolean[n];
            int[] size = new int[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = classes.get(i);
                covered[i] = sets.get(i).contains(y[i]);
                size[i] = sets.get(i).size();
            }
            int rolling = c.settings().window();
            given = Optional.of(SetStats.of(covered, size, probabilities.get(0).length, rolling));
            split = SplitConformal.evaluate(probabilities, y, c.settings().alpha(), rolling, SPLIT_SEED);
        }
        return new LabelSummary(t.windows(), t.accuracy(), t.ece(), t.nll(), t.brier(), c.coverage(), c.meanSetSize(),
                1 - c.settings().alpha(), method, given, split);
    }
}
