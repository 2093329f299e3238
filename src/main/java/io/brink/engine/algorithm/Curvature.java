package io.brink.engine.algorithm;

/**
 * The top eigenpair of the input Hessian of g = z_j − z_k̂ at a window.
 *
 * @param eigenvalue               ν, the algebraically largest eigenvalue (may be negative)
 * @param eigenvector              unit u (T·d values, batch-first), signed so that Jᵀu ≥ 0
 * @param gradientAlongEigenvector |Jᵀu|
 * @param hessianVectorProducts    products spent on this window
 * @param residual                 ‖Hu − νu‖ of the returned pair
 * @param converged                whether the residual met the tolerance
 */
public record Curvature(double eigenvalue, double[] eigenvector, double gradientAlongEigenvector,
                        int hessianVectorProducts, double residual, boolean converged) {
}
