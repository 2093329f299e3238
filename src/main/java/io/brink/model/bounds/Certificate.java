package io.brink.model.bounds;

/**
 * A proof that a window's class does not change within a radius: for every δ with ‖δ‖ &lt; {@code radius} (normalized
 * units of the whole window, in {@code norm}) the logit of the predicted class stays above every other class's by at
 * least {@code marginLower} (logit units) — computed by {@link ClassifierBounds}, sound up to float64 rounding, which
 * its outward slack covers. A radius of 0 proves nothing (the bounds did not separate the classes at any radius tried).
 *
 * @param radius      the certified radius r ≥ 0 (normalized units)
 * @param norm        the norm of the ball
 * @param marginLower the lower bound of min_j (z_k̂ − z_j) over the ball of radius r (logit units; the margin itself at r = 0)
 * @param passes      how many bound propagations the search made
 * @param method      how the bounds were computed, e.g. {@value Certifier#METHOD}
 * @param multiplyAdds the multiply-adds of the search's Λ·W products (its dominant cost; for benchmarks)
 */
public record Certificate(double radius, Norm norm, double marginLower, int passes, String method, long multiplyAdds) {

    public Certificate {
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("a certified radius is finite and ≥ 0, got " + radius);
        }
    }
}
