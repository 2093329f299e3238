package io.brink.engine.algorithm;

import java.util.OptionalDouble;

/**
 * Distance-to-decision-boundary estimates for a window with logit margin t, gradient norm ‖J‖, top
 * Hessian eigenvalue ν with eigenvector u, and |Jᵀu|. All come from a linear or quadratic Taylor model
 * of the margin, so they are estimates of the true distance, not guarantees.
 *
 * <p>All distances are L2 norms in the model's normalized input space.
 *
 * @param linear the first-order estimate t / ‖J‖ (infinite when the gradient vanishes)
 * @param lower  the quadratic model's lower bound ‖J‖/ν·(√(1+2νt/‖J‖²) − 1): no point closer than this
 *               crosses the boundary of the quadratic model (ν ≤ 0 counts as 0, giving t/‖J‖); present with the curvature
 * @param upper  the quadratic model's crossing along ±u: |Jᵀu|/ν·(√(1+2νt/(Jᵀu)²) − 1)
 *               (ν ≤ 0 counts as 0, giving t/|Jᵀu|, infinite when Jᵀu = 0); present with the curvature
 */
public record DistanceEstimates(double linear, OptionalDouble lower, OptionalDouble upper) {

    /** The linear estimate alone, when the curvature was not computed. */
    public static DistanceEstimates firstOrder(double margin, double gradientNorm) {
        return new DistanceEstimates(linear(margin, gradientNorm), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** The linear estimate t/‖J‖ alone (infinite when the gradient vanishes). */
    public static double linear(double margin, double gradientNorm) {
        return margin / gradientNorm;
    }

    /**
     * Root s ≥ 0 of ½νs² + a s − t = 0 in the stable form 2t / (a + √(a² + 2νt)), with ν ≤ 0 taken as 0;
     * equal to a/ν·(√(1+2νt/a²) − 1) and to t/a in the limit ν → 0.
     */
    public static double quadraticRoot(double margin, double slope, double curvature) {
        double nu = Math.max(curvature, 0);
        double a = Math.abs(slope);
        double disc = Math.sqrt(a * a + 2 * nu * margin);
        double denom = a + disc;
        return denom == 0 ? Double.POSITIVE_INFINITY : 2 * margin / denom;
    }

    /** The three estimates from the margin, gradient norm, top curvature and |Jᵀu|. */
    public static DistanceEstimates of(double margin, double gradientNorm, double curvature, double gradientAlongEigenvector) {
        return new DistanceEstimates(linear(margin, gradientNorm),
                OptionalDouble.of(quadraticRoot(margin, gradientNorm, curvature)),
                OptionalDouble.of(quadraticRoot(margin, gradientAlongEigenvector, curvature)));
    }
}
