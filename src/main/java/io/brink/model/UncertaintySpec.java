package io.brink.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code uncertainty} object of a model card, configuration or command line, as written:
 * {@code {"method": "input_noise", "passes": 16, "sigma": 0.1}} or
 * {@code {"method": "mc_dropout", "passes": 16, "rate": 0.1, "layers": [0, 1]}}. Checked against the model by
 * {@link UncertaintyMethod}.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UncertaintySpec(@JsonProperty("method") String method,
                              @JsonProperty("passes") Optional<Integer> passes,
                              @JsonProperty("sigma") Optional<Double> sigma,
                              @JsonProperty("rate") Optional<Double> rate,
                              @JsonProperty("layers") Optional<List<Integer>> layers) {

    /** Passes of test-time noise or MC dropout when the spec does not say. */
    public static final int DEFAULT_PASSES = 16;

    public UncertaintySpec {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("an uncertainty spec needs a method (single, ensemble, input_noise, mc_dropout)");
        }
        passes = Objects.requireNonNullElse(passes, Optional.empty());
        sigma = Objects.requireNonNullElse(sigma, Optional.empty());
        rate = Objects.requireNonNullElse(rate, Optional.empty());
        layers = Objects.requireNonNullElse(layers, Optional.<List<Integer>>empty()).map(List::copyOf);
    }

    /** Just a method name, with the defaults. */
    public static UncertaintySpec of(String method) {
        return new UncertaintySpec(method, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The single-model default. */
    public static UncertaintySpec single() {
        return of("single");
    }
}
