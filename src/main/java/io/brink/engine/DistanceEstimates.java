package io.brink.engine;

/**
 * Distance-to-decision-boundary estimates for a window with logit margin t, gradient norm ‖J‖, top
 * Hessian eigenvalue ν with eigenvector u, and |Jᵀu|. All come from a linear or quadratic Taylor model
 * of the margin, so they are estimates of the true distance, not guarantees.
 *
 * @param linear the first-order estimate t / ‖J‖
 * @param lower  the quadratic model's lower bound ‖J‖/ν·(√(1+2νt/‖J‖²) − 1): no point closer than this
 *               crosses the boundary of the quadratic model (ν ≤ 0 counts as 0, giving t/‖J‖)
 * @param upper  the quadratic model's crossing along ±u: |Jᵀu|/ν·(√(1+2νt/(Jᵀu)²) − 1)
 *               (ν ≤ 0 counts as 0, giving t/|Jᵀu|, infinite when Jᵀu = 0)
 */
public record DistanceEstimates(double linear, double lower, double upper) {

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
                quadraticRoot(margin, gradientNorm, curvature),
                quadraticRoot(margin, gradientAlongEigenvector, curvature));
    }
}
