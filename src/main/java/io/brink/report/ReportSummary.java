package io.brink.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The numbers behind one model's column of the report ({@code brink report --summary}): accuracy and calibration when
 * labels were given, quartiles of each quantity, the robustness curve against ε, the trust in the second-order
 * estimate, and the pooled random-direction flip rates.
 */
public record ReportSummary(@JsonProperty("model") String model, @JsonProperty("description") String description,
                            @JsonProperty("windows") int windows, @JsonProperty("labelled_windows") int labelledWindows,
                            @JsonProperty("accuracy") OptionalDouble accuracy, @JsonProperty("ece") OptionalDouble ece,
                            @JsonProperty("nll") OptionalDouble nll, @JsonProperty("coverage") OptionalDouble coverage,
                            @JsonProperty("margin") Optional<ModelStats.Quartiles> margin,
                            @JsonProperty("distance_linear") Optional<ModelStats.Quartiles> distanceLinear,
                            @JsonProperty("distance_lower") Optional<ModelStats.Quartiles> distanceLower,
                            @JsonProperty("attack_distance") Optional<ModelStats.Quartiles> attackDistance,
                            @JsonProperty("flipped") int flipped, @JsonProperty("attacked") int attacked,
                            @JsonProperty("curvature") Optional<ModelStats.Quartiles> curvature,
                            @JsonProperty("hessian_frobenius") Optional<ModelStats.Quartiles> hessianFrobenius,
                            @JsonProperty("mutual_information") Optional<ModelStats.Quartiles> mutualInformation,
                            @JsonProperty("robustness") ModelStats.Curve robustness,
                            @JsonProperty("pgd_robustness") Optional<ModelStats.Curve> pgdRobustness,
                            @JsonProperty("estimate_above_attack") OptionalDouble estimateAboveAttack,
                            @JsonProperty("random_directions") List<ModelStats.PooledFlips> randomDirections) {

    static ReportSummary of(ModelStats m, double[] eps) {
        return new ReportSummary(m.run.name(), m.run.description(), m.windows, m.labelledWindows, m.accuracy,
                m.run.labelled().map(l -> l.ece()).orElse(OptionalDouble.empty()),
                m.run.labelled().map(l -> l.nll()).orElse(OptionalDouble.empty()),
                m.run.labelled().map(l -> l.coverage()).orElse(OptionalDouble.empty()), m.margin, m.distanceLinear, m.distanceLower,
                m.attackDistance, m.flipped, m.attacked, m.curvature, m.frobenius, m.mutualInformation, m.robustness(eps), m.pgd,
                m.ratioAboveOne, m.flips);
    }
}
