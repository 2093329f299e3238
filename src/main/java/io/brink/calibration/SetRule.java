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
 * is at most the threshold q ({@code THRESHOLD}). {@code NONE} is read from records of builds before sets were never empty and means the top class alone.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SetRule(@JsonProperty("kind") Kind kind, @JsonProperty("threshold") OptionalDouble threshold) {

    /** The ways. */
    public enum Kind { ALL, NONE, THRESHOLD }

    public SetRule {
        threshold = Objects.requireNonNullElse(threshold, OptionalDouble.empty());
        if ((kind == Kind.THRESHOLD) != threshold.isPresent()) {
            throw new IllegalArgumentException("a threshold rule, and only it, has a threshold");
        }
    }

    public static SetRule all() {
        return new SetRule(Kind.ALL, OptionalDouble.empty());
    }

    public static SetRule threshold(double q) {
        return new SetRule(Kind.THRESHOLD, OptionalDouble.of(q));
    }

    /** The set for probabilities p̄, as class indices in order: never empty (the top class is always in). */
    public List<Integer> apply(double[] p) {
        int top = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[top]) {
                top = k;
            }
        }
        List<Integer> out = new ArrayList<>(p.length);
        for (int k = 0; k < p.length; k++) {
            if (k == top || in(1 - p[k])) {
                out.add(k);
            }
        }
        return out;
    }

    private boolean in(double score) {
        return switch (kind) {
            case ALL -> true;
            case NONE -> false;
            case THRESHOLD -> score <= threshold.getAsDouble();
        };
    }
}
