/**
 * The engine's algorithms, one class each, over the device interface of {@code io.brink.engine.device} and
 * nothing else: {@link io.brink.engine.algorithm.Lanczos} (the top Hessian eigenpair, with
 * {@link io.brink.engine.algorithm.WarmStart}), {@link io.brink.engine.algorithm.Hutchinson} (the Hessian's
 * Frobenius norm), {@link io.brink.engine.algorithm.Attack} (the verified minimum-norm attack),
 * {@link io.brink.engine.algorithm.RandomDirections} (flip probabilities and the safe radius) and
 * {@link io.brink.engine.algorithm.DistanceEstimates} (Taylor-model distances), with their result types.
 * Hessian-vector products reach them through {@link io.brink.engine.algorithm.HessianOperator}, exact or by
 * finite differences.
 */
package io.brink.engine.algorithm;
