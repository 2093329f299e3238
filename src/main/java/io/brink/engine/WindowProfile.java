package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.stage.AttackStage;
import io.brink.engine.stage.Certification;
import io.brink.engine.stage.CertifiedStage;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.HutchinsonStage;
import io.brink.engine.stage.PgdOutcome;
import io.brink.engine.stage.PgdStage;
import io.brink.engine.stage.RandomDirectionsStage;
import io.brink.engine.stage.StageKey;
import io.brink.engine.stage.StageResults;
import io.brink.engine.stage.UncertaintyStage;
import io.brink.engine.algorithm.PredictiveSpread;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the engine computed for one window: the always-computed core, and the results of the stages that ran
 * ({@link StageResults}, read by each stage's key; the accessors below read the built-in stages'). Geometry is in
 * the model's normalized input space (L2 over all T·d values).
 *
 * @param decision     prediction k̂, runner-up j, margin t = z_k̂ − z_j (logits), probabilities, entropy (nats)
 * @param logits       the model's logits z
 * @param gradientNorm ‖J‖, J = ∇ₓ(z_j − z_k̂)
 * @param gradient     J itself (T·d, batch-first), when asked for
 * @param distances    distance estimates (linear always; lower and upper with the curvature)
 * @param windowNorm   ‖x‖₂ of the window (normalized units): the scale the distances are read against
 * @param stages       the results of the stages that ran for this window
 */
public record WindowProfile(Decision decision, double[] logits, double gradientNorm, Optional<double[]> gradient,
                            DistanceEstimates distances, double windowNorm, StageResults stages) implements WindowOutcome {

    /** k̂, the predicted class. */
    public int predicted() {
        return decision.predicted();
    }

    /** t = z_k̂ − z_j. */
    public double margin() {
        return decision.margin();
    }

    /** {@code key}'s result for this window, when its stage ran. */
    public <R> Optional<R> result(StageKey<?, R> key) {
        return stages.get(key);
    }

    /** The top Hessian eigenpair, when the curvature stage ran. */
    public Optional<Curvature> curvature() {
        return stages.get(CurvatureStage.KEY);
    }

    /** Hutchinson's estimate of ‖∇²ₓg‖_F, when it ran. */
    public OptionalDouble hessianFrobenius() {
        return stages.get(HutchinsonStage.KEY).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /** The verified attack's outcome ({@link AttackOutcome#NOT_RUN} when it did not run). */
    public AttackOutcome attack() {
        return stages.get(AttackStage.KEY).orElse(AttackOutcome.NOT_RUN);
    }

    /** Random-direction flip probabilities and the safe radius, when they ran. */
    public Optional<FlipProbabilities> randomDirections() {
        return stages.get(RandomDirectionsStage.KEY);
    }

    /** Whether L2 PGD flipped the window within each of its radii (ascending), when it ran. */
    public Optional<List<Pgd.Flip>> pgd() {
        return stages.get(PgdStage.KEY).map(PgdOutcome::radii);
    }

    /** The predictive distribution p̄ over the uncertainty method's members or passes, and its split. */
    public PredictiveSpread spread() {
        return stages.get(UncertaintyStage.KEY).orElseThrow(() -> new IllegalStateException("the uncertainty stage did not run"));
    }

    /** The certified radii (a proven lower bound of the distance to the boundary); {@code NOT_RUN} when not asked for. */
    public Certification certification() {
        return stages.get(CertifiedStage.KEY).orElse(Certification.NOT_RUN);
    }

    /**
     * The first core quantity that is NaN, or infinite where it must be finite, named for a reason; empty when all
     * are sound. Distances may be +∞ (a vanishing gradient, no root of the quadratic model); nothing may be NaN. Each
     * stage checks its own results ({@code ProfileStage.nonFinite}).
     */
    public Optional<String> nonFinite() {
        Optional<String> first = nonFiniteLogits(logits, 0, logits.length).or(() -> nonFiniteGradient(gradientNorm));
        if (first.isPresent()) {
            return first;
        }
        if (Double.isNaN(distances.linear()) || Double.isNaN(distances.lower().orElse(0))
                || Double.isNaN(distances.upper().orElse(0))) {
            return Optional.of("a distance estimate is NaN");
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
