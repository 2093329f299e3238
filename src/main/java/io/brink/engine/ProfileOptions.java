package io.brink.engine;

import java.util.Arrays;

/**
 * Which robustness quantities to compute for a batch and how.
 *
 * @param curvature            compute the top Hessian eigenpair (Lanczos)
 * @param tolerance            Lanczos stops when the Ritz residual ‖Hu − νu‖ ≤ tolerance·(largest |Ritz value|)
 * @param maxIterations        Hessian-vector products per window at most, for the eigenpair
 * @param fixedIterations      run exactly maxIterations products (for benchmarks), ignoring the tolerance
 * @param hutchinsonProbes     Rademacher probes for the Frobenius norm (0 = skip)
 * @param hvpMode              exact or finite-difference Hessian-vector products
 * @param attack               run the verified minimum-norm attack
 * @param attackIterations     linearization steps of the attack at most
 * @param radii                radii ρ for the random-direction misclassification probability (empty = skip)
 * @param directions           random directions per window and radius
 * @param epsilon              flip probability that defines the safe radius
 * @param keepGradient         return the input gradient of each window
 * @param seed                 seed for start vectors, probes and directions
 */
public record ProfileOptions(boolean curvature, double tolerance, int maxIterations, boolean fixedIterations,
                             int hutchinsonProbes, HvpMode hvpMode, boolean attack, int attackIterations,
                             double[] radii, int directions, double epsilon, boolean keepGradient, long seed) {

    public ProfileOptions {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be positive");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
        if (hutchinsonProbes < 0 || directions < 1 || attackIterations < 1) {
            throw new IllegalArgumentException("probe, direction and attack counts must be positive");
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must lie in (0, 1)");
        }
        radii = radii == null ? new double[0] : radii.clone();
        for (double r : radii) {
            if (!(r > 0)) {
                throw new IllegalArgumentException("radii must be positive, got " + r);
            }
        }
        Arrays.sort(radii);
    }

    /** Everything, with defaults: tolerance 1e-3, up to 50 products, 8 probes, attack, radii 0.1/0.3/1.0. */
    public static ProfileOptions full() {
        return new ProfileOptions(true, 1e-3, 50, false, 8, HvpMode.EXACT, true, 50,
                new double[] {0.1, 0.3, 1.0}, 32, 0.05, false, 42L);
    }

    /** Prediction, margin, gradient and linear distance only (the cheap tier). */
    public static ProfileOptions firstOrder() {
        return new ProfileOptions(false, 1e-3, 50, false, 0, HvpMode.EXACT, false, 50, new double[0], 32, 0.05, false, 42L);
    }

    public ProfileOptions withCurvature(boolean on, double tol, int iterations, boolean fixed) {
        return new ProfileOptions(on, tol, iterations, fixed, hutchinsonProbes, hvpMode, attack, attackIterations,
                radii, directions, epsilon, keepGradient, seed);
    }

    public ProfileOptions withHutchinson(int probes) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, probes, hvpMode, attack,
                attackIterations, radii, directions, epsilon, keepGradient, seed);
    }

    public ProfileOptions withHvpMode(HvpMode mode) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, hutchinsonProbes, mode, attack,
                attackIterations, radii, directions, epsilon, keepGradient, seed);
    }

    public ProfileOptions withAttack(boolean on, int iterations) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, hutchinsonProbes, hvpMode, on,
                iterations, radii, directions, epsilon, keepGradient, seed);
    }

    public ProfileOptions withRandomDirections(double[] radii, int directions, double epsilon) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, hutchinsonProbes, hvpMode, attack,
                attackIterations, radii, directions, epsilon, keepGradient, seed);
    }

    public ProfileOptions withKeepGradient(boolean keep) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, hutchinsonProbes, hvpMode, attack,
                attackIterations, radii, directions, epsilon, keep, seed);
    }

    public ProfileOptions withSeed(long newSeed) {
        return new ProfileOptions(curvature, tolerance, maxIterations, fixedIterations, hutchinsonProbes, hvpMode, attack,
                attackIterations, radii, directions, epsilon, keepGradient, newSeed);
    }
}
