package io.brink.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How a conformal prediction set is made from p̄ at one moment, always with the top class in it (a set is never empty):
 * every class ({@code ALL}: no calibration scores yet, or a threshold of 1 or more); the classes y whose score 1 − p̄_y
 * is at most the threshold q ({@code THRESHOLD}); the classes y whose penalized score −ln p̄_y + λ·[y is the least likely
 * class] is at most τ nats ({@code PENALIZED}: {@code threshold_nats} τ, {@code full_penalty_nats} λ), so that a set grows
 * to every class only when τ passes the least likely class's score plus λ. {@code NONE} is read from records of builds
 * before sets were never empty and means the top class alone.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SetRule(@JsonProperty("kind") Kind kind, @JsonProperty("threshold") OptionalDouble threshold,
                      @JsonProperty("threshold_nats") OptionalDouble thresholdNats,
                      @JsonProperty("full_penalty_nats") OptionalDouble fullPenaltyNats) {

    /** The ways. */
    public enum Kind { ALL, NONE, THRESHOLD, PENALIZED }

    /** Probabilities below this count as this in the nats scale: −ln(1e-12) ≈ 27.6 nats. */
    static final double MIN_P = 1e-12;

    public SetRule {
        threshold = Objects.requireNonNullElse(threshold, OptionalDouble.empty());
        thresholdNats = Objects.requireNonNullElse(thresholdNats, OptionalDouble.empty());
        fullPenaltyNats = Objects.requireNonNullElse(fullPenaltyNats, OptionalDouble.empty());
        if ((kind == Kind.THRESHOLD) != threshold.isPresent()) {
            throw new IllegalArgumentException("a threshold rule, and only it, has a threshold");
        }
        boolean penalized = kind == Kind.PENALIZED;
        if (thresholdNats.isPresent() != penalized || fullPenaltyNats.isPresent() != penalized) {
            throw new IllegalArgumentException("a penalized rule, and only it, has threshold_nats and full_penalty_nats");
        }
        if (fullPenaltyNats.isPresent() && !(fullPenaltyNats.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("full_penalty_nats must be 0 or more, got " + fullPenaltyNats.getAsDouble());
        }
    }

    public static SetRule all() {
        return new SetRule(Kind.ALL, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    public static SetRule threshold(double q) {
        return new SetRule(Kind.THRESHOLD, OptionalDouble.of(q), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** The classes whose penalized score is at most τ nats; λ nats are added to the least likely class's score. */
    public static SetRule penalized(double tauNats, double fullPenaltyNats) {
        return new SetRule(Kind.PENALIZED, OptionalDouble.empty(), OptionalDouble.of(tauNats), OptionalDouble.of(fullPenaltyNats));
    }

    /**
     * The penalized score of class y, in nats: −ln max(p̄_y, 1e-12), plus λ when y is the least likely class (no class has
     * a smaller p̄; a tie for the least likely class penalizes each of them) and there are at least two classes.
     */
    public static double penalizedScore(double[] p, int y, double lambda) {
        boolean smaller = false;
        boolean larger = false;
        for (double v : p) {
            smaller |= v < p[y];
            larger |= v > p[y];
        }
        double s = -Math.log(Math.max(p[y], MIN_P));
        return !smaller && larger ? s + lambda : s;
    }

    /** The top class: the first index of the largest p̄. */
    static int top(double[] p) {
        int top = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[top]) {
                top = k;
            }
        }
        return top;
    }

    /** The set for probabilities p̄, as class indices in order: never empty (the top class is always in). */
    public List<Integer> apply(double[] p) {
        int top = top(p);
        List<Integer> out = new ArrayList<>(p.length);
        for (int k = 0; k < p.length; k++) {
            if (k == top || in(p, k)) {
                out.add(k);
            }
        }
        return out;
    }

    private boolean in(double[] p, int k) {
        return switch (kind) {
            case ALL -> true;
            case NONE -> false;
            case THRESHOLD -> 1 - p[k] <= threshold.getAsDouble();
            case PENALIZED -> penalizedScore(p, k, fullPenaltyNats.getAsDouble()) <= thresholdNats.getAsDouble();
        };
    }
}
