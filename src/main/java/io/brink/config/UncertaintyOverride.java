package io.brink.config;

import java.util.List;
import java.util.Optional;

/** Uncertainty settings from the configuration; each present one replaces the model card's. */
public record UncertaintyOverride(Optional<String> method, Optional<Integer> passes, Optional<Double> sigma, Optional<Double> rate,
                                  Optional<List<Integer>> layers) {

    /** Whether any is set. */
    public boolean any() {
        return method.isPresent() || passes.isPresent() || sigma.isPresent() || rate.isPresent() || layers.isPresent();
    }

    /** Nothing set. */
    public static UncertaintyOverride none() {
        return new UncertaintyOverride(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
