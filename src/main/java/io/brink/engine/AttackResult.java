package io.brink.engine;

/**
 * A perturbation δ found by the minimum-norm attack and verified by a forward pass to change the
 * predicted class: ‖δ‖ is a true upper bound on the distance to the decision boundary.
 *
 * @param distance       ‖δ‖ (L2, in the model's input space)
 * @param perturbation   δ, T·d values batch-first
 * @param predictedAfter the class predicted at x + δ
 * @param gradientSteps  linearization steps used
 */
public record AttackResult(double distance, double[] perturbation, int predictedAfter, int gradientSteps) {
}
