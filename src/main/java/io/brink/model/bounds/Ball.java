package io.brink.model.bounds;

/**
 * The perturbations bounded: every δ with ‖δ‖ ≤ radius in {@code norm}, added to the window (normalized units).
 */
public record Ball(double radius, Norm norm) {

    public Ball {
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("a ball's radius is finite and ≥ 0, got " + radius);
        }
    }
}
