package io.brink.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How a conformal prediction set is made from p̄ at one moment: every class ({@code ALL}: no calibration scores yet,
 * or α_t ≤ 0, or a quantile level above 1), none ({@code NONE}: α_t ≥ 1), or the classes y whose score 1 − p̄_y is at
 * most the threshold q̂ ({@code THRESHOLD}).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SetRule(@JsonProperty("kind") Kind kind, @JsonProperty("threshold") OptionalDouble threshold) {

    /** The three ways. */
    public enum Kind { ALL, NONE, THRESHOLD }

    public SetRule {
        if ((kind == Kind.THRESHOLD) != threshold.isPresent()) {
            throw new IllegalArgumentException("a threshold rule, and only it, has a threshold");
        }
    }

    public static SetRule all() {
        return new SetRule(Kind.ALL, OptionalDouble.empty());
    }

    public static SetRule none() {
        return new SetRule(Kind.NONE, OptionalDouble.empty());
    }

    public static SetRule threshold(double q) {
        return new SetRule(Kind.THRESHOLD, OptionalDouble.of(q));
    }

    /** The set for probabilities p̄, as class indices in order. */
    public List<Integer> apply(double[] p) {
        List<Integer> out = new ArrayList<>(p.length);
        for (int k = 0; k < p.length; k++) {
            if (kind == Kind.ALL || (kind == Kind.THRESHOLD && 1 - p[k] <= threshold.getAsDouble())) {
                out.add(k);
            }
        }
        return out;
    }
}
