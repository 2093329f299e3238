package io.brink.engine;

import io.brink.engine.algorithm.Attack;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.algorithm.Hutchinson;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.algorithm.RandomDirections;
import io.brink.engine.stage.AttackStage;
import io.brink.engine.stage.CertifiedStage;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.HutchinsonStage;
import io.brink.engine.stage.PgdStage;
import io.brink.engine.stage.RandomDirectionsStage;
import io.brink.engine.stage.StageKey;
import io.brink.engine.stage.StageSettings;
import io.brink.model.bounds.Certifier;

import java.util.Objects;
import java.util.Optional;

/**
 * Which robustness quantities to compute for a batch and how. A stage runs when {@code stages} holds settings for it
 * (the typed accessors below read the built-in stages'); the prediction, margin, gradient, linear distance and the
 * predictive spread are always computed.
 *
 * @param stages       the stages that run, with their settings (see {@link io.brink.engine.stage.Stages})
 * @param hvpMode      how Hessian-vector products are computed (for the eigenpair and Hutchinson)
 * @param keepGradient return each window's input gradient
 * @param seed         seed of every window's random streams (start vectors, probes, directions)
 */
public record ProfileOptions(StageSettings stages, HvpMode hvpMode, boolean keepGradient, long seed) {

    public ProfileOptions {
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(hvpMode, "hvpMode");
    }

    /** The top Hessian eigenpair (Lanczos), and with it the second-order distance estimates. */
    public Optional<Lanczos.Settings> curvature() {
        return stages.get(CurvatureStage.KEY);
    }

    /** The Hutchinson estimate of the Hessian's Frobenius norm. */
    public Optional<Hutchinson.Settings> hutchinson() {
        return stages.get(HutchinsonStage.KEY);
    }

    /** The verified minimum-norm attack. */
    public Optional<Attack.Settings> attack() {
        return stages.get(AttackStage.KEY);
    }

    /** Random-direction flip probabilities and the safe radius. */
    public Optional<RandomDirections.Settings> randomDirections() {
        return stages.get(RandomDirectionsStage.KEY);
    }

    /** L2 PGD at fixed radii. */
    public Optional<Pgd.Settings> pgd() {
        return stages.get(PgdStage.KEY);
    }

    /** The certified radius (linear bounds, L2 and L∞), searched below the attack's and PGD's flips. */
    public Optional<Certifier.Settings> certify() {
        return stages.get(CertifiedStage.KEY);
    }

    /** Prediction, margin, gradient and linear distance only (the cheap tier). */
    public static ProfileOptions firstOrder() {
        return new Builder().build();
    }

    /**
     * Everything, with the defaults: tolerance 1e-3 and up to 50 products for the eigenpair, 8 Hutchinson
     * probes, the attack with 50 steps, radii 0.1/0.3/1.0 with 32 directions and ε = 0.05, seed 42.
     */
    public static ProfileOptions full() {
        return new Builder().curvature(new Lanczos.Settings(1e-3, 50, false)).hutchinson(8).attack(50)
                .randomDirections(new RandomDirections.Settings(new double[] {0.1, 0.3, 1.0}, 32, 0.05)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.stages = stages;
        b.hvpMode = hvpMode;
        b.keepGradient = keepGradient;
        b.seed = seed;
        return b;
    }

    /** Builds options; every stage starts off, exact products, seed 42. */
    public static final class Builder {
        private StageSettings stages = StageSettings.NONE;
        private HvpMode hvpMode = HvpMode.EXACT;
        private boolean keepGradient;
        private long seed = 42L;

        private Builder() {
        }

        /** Turns {@code key}'s stage on at {@code settings} (any registered stage). */
        public <S> Builder stage(StageKey<S, ?> key, S settings) {
            stages = stages.with(key, settings);
            return this;
        }

        /** Every stage as {@code settings} say (those they do not hold off). */
        public Builder stages(StageSettings settings) {
            stages = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Turns {@code key}'s stage off. */
        public Builder noStage(StageKey<?, ?> key) {
            stages = stages.without(key);
            return this;
        }

        public Builder curvature(Lanczos.Settings settings) {
            return stage(CurvatureStage.KEY, settings);
        }

        public Builder noCurvature() {
            return noStage(CurvatureStage.KEY);
        }

        /** Hutchinson with {@code probes} probes; 0 turns it off. */
        public Builder hutchinson(int probes) {
            return probes == 0 ? noStage(HutchinsonStage.KEY) : stage(HutchinsonStage.KEY, new Hutchinson.Settings(probes));
        }

        public Builder hvpMode(HvpMode mode) {
            hvpMode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder attack(int steps) {
            return stage(AttackStage.KEY, new Attack.Settings(steps));
        }

        public Builder noAttack() {
            return noStage(AttackStage.KEY);
        }

        public Builder randomDirections(RandomDirections.Settings settings) {
            return stage(RandomDirectionsStage.KEY, settings);
        }

        public Builder noRandomDirections() {
            return noStage(RandomDirectionsStage.KEY);
        }

        /** L2 PGD at these settings' radii (off unless set). */
        public Builder pgd(Pgd.Settings settings) {
            return stage(PgdStage.KEY, settings);
        }

        /** The certified radius at these settings (off unless set). */
        public Builder certify(Certifier.Settings settings) {
            return stage(CertifiedStage.KEY, settings);
        }

        public Builder keepGradient(boolean keep) {
            keepGradient = keep;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public ProfileOptions build() {
            return new ProfileOptions(stages, hvpMode, keepGradient, seed);
        }
    }
}
