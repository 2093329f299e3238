package io.brink.engine;

/**
 * Everything the engine computed for one window. Fields of stages that were not run are null.
 *
 * @param predicted        k̂, the predicted class
 * @param runnerUp         j, the second most likely class
 * @param logits           model logits
 * @param probabilities    softmax of the logits
 * @param margin           z_k̂ − z_j on logits
 * @param entropy          Shannon entropy of the probabilities, in nats
 * @param gradientNorm     ‖J‖, J = ∇ₓ(z_j − z_k̂)
 * @param gradient         J itself (T·d, batch-first) when asked for
 * @param curvature        the top Hessian eigenpair, or null
 * @param hessianFrobenius Hutchinson estimate of ‖∇²ₓ g‖_F, or null
 * @param distances        distance estimates (linear always; lower/upper need the curvature)
 * @param attack           the verified attack, or null when not run or when it found no flip
 * @param attackRun        whether the attack ran (attack == null then means: nothing found in budget)
 * @param randomDirections random-direction flip probabilities, or null
 */
public record WindowProfile(int predicted, int runnerUp, double[] logits, double[] probabilities, double margin,
                            double entropy, Double gradientNorm, double[] gradient, Curvature curvature,
                            Double hessianFrobenius, DistanceEstimates distances, AttackResult attack, boolean attackRun,
                            RandomDirectionResult randomDirections) {
}
