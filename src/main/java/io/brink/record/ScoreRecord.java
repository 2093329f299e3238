package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The score of one window, as written to JSON (schemas/score.schema.json). {@code probabilities} is the predictive
 * distribution p̄ of the model's uncertainty method (for one deterministic model, the softmax of its logits);
 * the fields that need several members or passes are absent for a single model. All geometry is in the model's
 * input space, after the model card's normalization. Distance fields other than {@code attack_distance}
 * are Taylor-model estimates, not guarantees; {@code attack_distance} is a verified upper bound. Fields of
 * stages that did not run, and non-finite numbers, are left out; {@code attack_distance} is JSON null when
 * the attack ran and found no flip within its budget. {@code certified_radius} (and {@code certified_radius_linf}) are
 * proven lower bounds of the distance to the decision boundary: {@code certified_radius ≤ true distance ≤
 * attack_distance}. {@code window_norm} is ‖x‖₂ of the normalized window, the scale to read the distances against.
 * Built from an engine result by {@link ScoreMapper}.
 */
@JsonPropertyOrder({"series", "ts", "window_seq", "model", "model_version", "tier", "predicted", "predicted_index", "runner_up", "probabilities", "margin",
        "entropy", "expected_entropy", "mutual_information", "probability_std", "disagreement", "uncertainty_method", "members",
        "prediction_set", "prediction_set_full", "gradient_norm", "curvature", "gradient_along_eigvec", "curvature_converged", "hessian_vector_products",
        "hessian_frobenius", "distance_linear", "distance_lower", "distance_upper", "attack_distance",
        "misclassification_probability", "safe_radius", "pgd", "window_norm", "certified_radius", "certified_radius_linf",
        "certified_margin_lower", "certified_method", "certified_bracketed", "certified_refused", "attack_perturbation"})
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = {"prediction_set_full"}, allowGetters = true)
public record ScoreRecord(
        @JsonProperty("series") String series,
        @JsonProperty("ts") long ts,
        @JsonProperty("window_seq") long windowSeq,
        @JsonProperty("model") String model,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("tier") Tier tier,
        @JsonProperty("predicted") String predicted,
        @JsonProperty("predicted_index") int predictedIndex,
        @JsonProperty("runner_up") String runnerUp,
        @JsonProperty("probabilities") double[] probabilities,
        @JsonProperty("margin") OptionalDouble margin,
        @JsonProperty("entropy") OptionalDouble entropy,
        @JsonProperty("expected_entropy") OptionalDouble expectedEntropy,
        @JsonProperty("mutual_information") OptionalDouble mutualInformation,
        @JsonProperty("probability_std") Optional<double[]> probabilityStd,
        @JsonProperty("disagreement") OptionalDouble disagreement,
        @JsonProperty("uncertainty_method") String uncertaintyMethod,
        @JsonProperty("members") int members,
        @JsonProperty("prediction_set") Optional<List<String>> predictionSet,
        @JsonProperty("gradient_norm") OptionalDouble gradientNorm,
        @JsonProperty("curvature") OptionalDouble curvature,
        @JsonProperty("gradient_along_eigvec") OptionalDouble gradientAlongEigvec,
        @JsonProperty("curvature_converged") Optional<Boolean> curvatureConverged,
        @JsonProperty("hessian_vector_products") OptionalInt hessianVectorProducts,
        @JsonProperty("hessian_frobenius") OptionalDouble hessianFrobenius,
        @JsonProperty("distance_linear") OptionalDouble distanceLinear,
        @JsonProperty("distance_lower") OptionalDouble distanceLower,
        @JsonProperty("distance_upper") OptionalDouble distanceUpper,
        @JsonProperty("attack_distance") Optional<AttackDistance> attackDistance,
        @JsonProperty("misclassification_probability") Optional<List<RadiusProbability>> misclassificationProbability,
        @JsonProperty("safe_radius") Optional<SafeRadius> safeRadius,
        @JsonProperty("attack_perturbation") Optional<double[][]> attackPerturbation,
        @JsonProperty("pgd") Optional<List<PgdRadius>> pgd,
        @JsonProperty("window_norm") OptionalDouble windowNorm,
        @JsonProperty("certified_radius") OptionalDouble certifiedRadius,
        @JsonProperty("certified_radius_linf") OptionalDouble certifiedRadiusLinf,
        @JsonProperty("certified_margin_lower") OptionalDouble certifiedMarginLower,
        @JsonProperty("certified_method") Optional<String> certifiedMethod,
        @JsonProperty("certified_bracketed") Optional<Boolean> certifiedBracketed,
        @JsonProperty("certified_refused") Optional<String> certifiedRefused) {

    /**
     * The attack's distance when it ran: ‖δ‖ of a verified flip, or empty when no flip was found within the
     * budget (written as JSON null).
     */
    public record AttackDistance(OptionalDouble distance) {

        @JsonValue
        Double json() {
            return distance.isPresent() ? distance.getAsDouble() : null;
        }
    }

    /** Flip probability of random perturbations of one radius, with its 95% Wilson interval. */
    public record RadiusProbability(@JsonProperty("radius") double radius, @JsonProperty("probability") double probability,
                                    @JsonProperty("lower") double lower, @JsonProperty("upper") double upper,
                                    @JsonProperty("directions") int directions) {
    }

    /** Whether L2 PGD (fixed radius, projected gradient steps) flipped the window within {@code radius}, verified. */
    public record PgdRadius(@JsonProperty("radius") double radius, @JsonProperty("flipped") boolean flipped) {
    }

    /** Largest radius whose observed random-direction flip fraction is ≤ epsilon ({@code capped}: at least this). */
    public record SafeRadius(@JsonProperty("epsilon") double epsilon, @JsonProperty("radius") double radius,
                             @JsonProperty("capped") boolean capped) {
    }

    /** This record with the conformal prediction set {@code set} (class names). */
    public ScoreRecord withPredictionSet(List<String> set) {
        return toBuilder().predictionSet(Optional.of(List.copyOf(set))).build();
    }

    /** A builder holding this record's fields. */
    public ScoreRecordBuilder toBuilder() {
        return ScoreRecordBuilder.from(this);
    }

    /** Whether the prediction set holds every class (an abstention), when the record has a set. */
    @JsonProperty("prediction_set_full")
    public Optional<Boolean> predictionSetFull() {
        return predictionSet.map(set -> set.size() >= probabilities.length);
    }

    /** ‖δ‖ of the attack's verified flip, if it ran and found one. */
    public OptionalDouble attackFlipDistance() {
        return attackDistance.map(AttackDistance::distance).orElse(OptionalDouble.empty());
    }
}
