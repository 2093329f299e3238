package io.brink.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.brink.engine.AttackResult;
import io.brink.engine.Curvature;
import io.brink.engine.RandomDirectionResult;
import io.brink.engine.WindowProfile;
import io.brink.model.ModelCard;

import java.util.ArrayList;
import java.util.List;

/**
 * The score of one window, as written to JSON (schemas/score.schema.json). All geometry is in the
 * model's input space, after the model card's normalization. Distance fields other than
 * {@code attack_distance} are Taylor-model estimates, not guarantees; {@code attack_distance} is a
 * verified upper bound. Fields of stages that did not run are omitted; non-finite numbers are omitted;
 * {@code attack_distance} is null when the attack ran and found no flip within its budget.
 */
@JsonPropertyOrder({"series", "ts", "window_seq", "model", "tier", "predicted", "predicted_index", "runner_up", "probabilities", "margin",
        "entropy", "gradient_norm", "curvature", "gradient_along_eigvec", "curvature_converged", "hessian_vector_products",
        "hessian_frobenius", "distance_linear", "distance_lower", "distance_upper", "attack_distance",
        "misclassification_probability", "safe_radius", "attack_perturbation"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreRecord(
        @JsonProperty("series") String series,
        @JsonProperty("ts") long ts,
        @JsonProperty("window_seq") Long windowSeq,
        @JsonProperty("model") String model,
        @JsonProperty("tier") int tier,
        @JsonProperty("predicted") String predicted,
        @JsonProperty("predicted_index") int predictedIndex,
        @JsonProperty("runner_up") String runnerUp,
        @JsonProperty("probabilities") double[] probabilities,
        @JsonProperty("margin") Double margin,
        @JsonProperty("entropy") Double entropy,
        @JsonProperty("gradient_norm") Double gradientNorm,
        @JsonProperty("curvature") Double curvature,
        @JsonProperty("gradient_along_eigvec") Double gradientAlongEigvec,
        @JsonProperty("curvature_converged") Boolean curvatureConverged,
        @JsonProperty("hessian_vector_products") Integer hessianVectorProducts,
        @JsonProperty("hessian_frobenius") Double hessianFrobenius,
        @JsonProperty("distance_linear") Double distanceLinear,
        @JsonProperty("distance_lower") Double distanceLower,
        @JsonProperty("distance_upper") Double distanceUpper,
        @JsonProperty("attack_distance") JsonNode attackDistance,
        @JsonProperty("misclassification_probability") List<RadiusProbability> misclassificationProbability,
        @JsonProperty("safe_radius") SafeRadius safeRadius,
        @JsonProperty("attack_perturbation") double[][] attackPerturbation) {

    /** Flip probability of random perturbations of one radius, with its 95% Wilson interval. */
    public record RadiusProbability(@JsonProperty("radius") double radius, @JsonProperty("probability") double probability,
                                    @JsonProperty("lower") double lower, @JsonProperty("upper") double upper,
                                    @JsonProperty("directions") int directions) {
    }

    /** Largest radius whose observed random-direction flip fraction is ≤ epsilon ({@code capped}: at least this). */
    public record SafeRadius(@JsonProperty("epsilon") double epsilon, @JsonProperty("radius") double radius,
                             @JsonProperty("capped") boolean capped) {
    }

    /** Tier of a record: 0 = first-order fields only, 1 = with curvature, estimates and attack. */
    public static int tierOf(WindowProfile p) {
        return p.curvature() != null || p.attackRun() ? 1 : 0;
    }

    public static ScoreRecord of(String series, long ts, Long windowSeq, String model, ModelCard card, WindowProfile p,
                                 int features, boolean withPerturbation) {
        Curvature c = p.curvature();
        AttackResult a = p.attack();
        RandomDirectionResult r = p.randomDirections();
        List<RadiusProbability> probs = null;
        SafeRadius safe = null;
        if (r != null) {
            probs = new ArrayList<>();
            for (int i = 0; i < r.radii().length; i++) {
                probs.add(new RadiusProbability(r.radii()[i], r.probability()[i], r.lower()[i], r.upper()[i], r.directions()));
            }
            safe = new SafeRadius(r.epsilon(), r.safeRadius(), r.safeRadiusCapped());
        }
        double[][] perturbation = null;
        if (withPerturbation && a != null) {
            int steps = a.perturbation().length / features;
            perturbation = new double[steps][features];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(a.perturbation(), t * features, perturbation[t], 0, features);
            }
        }
        return new ScoreRecord(series, ts, windowSeq, model, tierOf(p), card.className(p.predicted()), p.predicted(),
                card.className(p.runnerUp()), p.probabilities(), finite(p.margin()), finite(p.entropy()),
                finite(p.gradientNorm()), c == null ? null : finite(c.eigenvalue()),
                c == null ? null : finite(c.gradientAlongEigenvector()), c == null ? null : c.converged(),
                c == null ? null : c.hessianVectorProducts(), finite(p.hessianFrobenius()), finite(p.distances().linear()),
                c == null ? null : finite(p.distances().lower()), c == null ? null : finite(p.distances().upper()),
                attackDistance(p), probs, safe, perturbation);
    }

    /** Absent when the attack did not run, JSON null when it ran and found no flip within its budget. */
    private static JsonNode attackDistance(WindowProfile p) {
        if (!p.attackRun()) {
            return null;
        }
        return p.attack() == null ? NullNode.getInstance() : DoubleNode.valueOf(p.attack().distance());
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
