package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.algorithm.PredictiveSpread;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the engine computed for one window. Quantities of stages that did not run are empty; the
 * attack says whether it ran and what it found. Geometry is in the model's normalized input space (L2 over
 * all T·d values).
 *
 * @param decision         prediction k̂, runner-up j, margin t = z_k̂ − z_j (logits), probabilities, entropy (nats)
 * @param logits           the model's logits z
 * @param gradientNorm     ‖J‖, J = ∇ₓ(z_j − z_k̂)
 * @param gradient         J itself (T·d, batch-first), when asked for
 * @param curvature        the top Hessian eigenpair
 * @param hessianFrobenius Hutchinson estimate of ‖∇²ₓg‖_F
 * @param distances        distance estimates (linear always; lower and upper with the curvature)
 * @param attack           the verified attack's outcome
 * @param randomDirections random-direction flip probabilities and the safe radius
 * @param pgd              whether L2 PGD flipped the window within each of its radii (ascending), when it ran
 * @param spread           the predictive distribution p̄ over the uncertainty method's members or passes, and its split
 * @param certification    the certified radii (a proven lower bound of the distance to the boundary), when asked for
 * @param windowNorm       ‖x‖₂ of the window (normalized units): the scale the distances are read against
 */
public record WindowProfile(Decision decision, double[] logits, double gradientNorm, Optional<double[]> gradient,
                            Optional<Curvature> curvature, OptionalDouble hessianFrobenius, DistanceEstimates distances,
                            AttackOutcome attack, Optional<FlipProbabilities> randomDirections,
                            Optional<List<Pgd.Flip>> pgd, PredictiveSpread spread,
                            Certification certification, double windowNorm) implements WindowOutcome {

    /** k̂, the predicted class. */
    public int predicted() {
        return decision.predicted();
    }

    /** t = z_k̂ − z_j. */
    public double margin() {
        return decision.margin();
    }

    /**
     * The first quantity that is NaN, or infinite where it must be finite, named for a reason; empty when all
     * are sound. Distances may be +∞ (a vanishing gradient, no root of the quadratic model); nothing may be NaN.
     */
    public Optional<String> nonFinite() {
        Optional<String> first = nonFiniteLogits(logits, 0, logits.length).or(() -> nonFiniteGradient(gradientNorm));
        if (first.isPresent()) {
            return first;
        }
        if (curvature.isPresent() && !(Double.isFinite(curvature.get().eigenvalue())
                && Double.isFinite(curvature.get().gradientAlongEigenvector()))) {
            return Optional.of("the curvature is not finite (eigenvalue " + curvature.get().eigenvalue() + ")");
        }
        if (hessianFrobenius.isPresent() && !Double.isFinite(hessianFrobenius.getAsDouble())) {
            return Optional.of("the Hessian's Frobenius norm is not finite (" + hessianFrobenius.getAsDouble() + ")");
        }
        if (Double.isNaN(distances.linear()) || Double.isNaN(distances.lower().orElse(0))
                || Double.isNaN(distances.upper().orElse(0))) {
            return Optional.of("a distance estimate is NaN");
        }
        for (double v : spread.probabilities()) {
            if (!Double.isFinite(v)) {
                return Optional.of("the predictive probabilities are not finite (" + v + ")");
            }
        }
        if (attack instanceof AttackOutcome.Flip f && !Double.isFinite(f.distance())) {
            return Optional.of("the attack's distance is not finite (" + f.distance() + ")");
        }
        return Optional.empty();
    }

    /** Why the logits {@code z[off .. off+classes-1]} cannot be scored, if any is not finite. */
    static Optional<String> nonFiniteLogits(double[] z, int off, int classes) {
        for (int k = 0; k < classes; k++) {
            if (!Double.isFinite(z[off + k])) {
                return Optional.of("the model's logits are not finite (logit " + k + " is " + z[off + k] + ")");
            }
        }
        return Optional.empty();
    }

    /** Why a gradient of norm {@code norm} cannot be used, if it is not finite. */
    static Optional<String> nonFiniteGradient(double norm) {
        return Double.isFinite(norm) ? Optional.empty() : Optional.of("the margin's gradient is not finite (norm " + norm + ")");
    }
}
