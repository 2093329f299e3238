package io.brink.engine.stage;

import io.brink.engine.algorithm.Pgd;

import java.util.List;
import java.util.Optional;

/**
 * PGD's answer for one window: per radius (ascending) whether it flipped the window within it, and the first
 * verified flip's perturbation δ (normalized units, T·d; ‖δ‖ ≤ the first flipping radius) with the class a forward
 * pass showed there, when it flipped.
 */
public record PgdOutcome(List<Pgd.Flip> radii, Optional<Flip> flip) {

    public PgdOutcome {
        radii = List.copyOf(radii);
    }

    /** A verified flipping point: x + δ is classified {@code shownClass}. */
    public record Flip(double[] perturbation, int shownClass) {
    }

    /** The smallest radius PGD flipped the window within, when it flipped. */
    public java.util.OptionalDouble firstFlippingRadius() {
        for (Pgd.Flip f : radii) {
            if (f.flipped()) {
                return java.util.OptionalDouble.of(f.radius());
            }
        }
        return java.util.OptionalDouble.empty();
    }
}
