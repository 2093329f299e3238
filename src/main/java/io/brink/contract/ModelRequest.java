package io.brink.contract;

import io.brink.config.UncertaintyOverride;
import io.brink.model.ModelCard;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asked for, before resolution: the model's path, card fields given on the command line (they override
 * the files' card), a window length from the command line or configuration (named by {@code windowOption} in messages),
 * whether scoring without a card is intended ({@code --no-card}), and uncertainty settings applied in order (the
 * configuration's, then the command line's).
 */
public record ModelRequest(Path model, ModelCard cardOverride, Optional<Integer> window, String windowOption, boolean noCard,
                           List<UncertaintyOverride> uncertainty) {

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        cardOverride = Objects.requireNonNullElse(cardOverride, ModelCard.empty());
        window = Objects.requireNonNullElse(window, Optional.empty());
        uncertainty = List.copyOf(uncertainty);
    }

    /** A request for {@code model} with nothing overridden and a card required. */
    public static ModelRequest of(Path model) {
        return new ModelRequest(model, ModelCard.empty(), Optional.empty(), "--window", false, List.of());
    }

    /** The same request with the window length {@code steps} given as by --window. */
    public ModelRequest withWindow(int steps) {
        return new ModelRequest(model, cardOverride, Optional.of(steps), "--window", noCard, uncertainty);
    }

    /** The same request with {@code overrides} of the uncertainty settings, applied in order. */
    public ModelRequest withUncertainty(List<UncertaintyOverride> overrides) {
        return new ModelRequest(model, cardOverride, window, windowOption, noCard, overrides);
    }

    /** The same request without a card required. */
    public ModelRequest withoutCard() {
        return new ModelRequest(model, cardOverride, window, windowOption, true, uncertainty);
    }
}
