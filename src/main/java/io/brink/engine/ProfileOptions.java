package io.brink.engine;

import io.brink.engine.algorithm.Attack;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.algorithm.Hutchinson;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.algorithm.RandomDirections;
import io.brink.model.bounds.Certifier;

import java.util.Objects;
import java.util.Optional;

/**
 * Which robustness quantities to compute for a batch and how. A stage runs when its settings are present;
 * the prediction, margin, gradient and linear distance are always computed.
 *
 * @param curvature        the top Hessian eigenpair (Lanczos), and with it the second-order distance estimates
 * @param hutchinson       the Hutchinson estimate of the Hessian's Frobenius norm
 * @param hvpMode          how Hessian-vector products are computed (for the eigenpair and Hutchinson)
 * @param attack           the verified minimum-norm attack
 * @param randomDirections random-direction flip probabilities and the safe radius
 * @param pgd              L2 PGD at fixed radii (whether it flips each window within each radius)
 * @param certify          the certified radius (linear bounds, L2 and L∞), searched below the attack's and PGD's flips
 * @param keepGradient     return each window's input gradient
 * @param seed             seed of every window's random streams (start vectors, probes, directions)
 */
public record ProfileOptions(Optional<Lanczos.Settings> curvature, Optional<Hutchinson.Settings> hutchinson, HvpMode hvpMode,
                             Optional<Attack.Settings> attack, Optional<RandomDirections.Settings> randomDirections,
                             Optional<Pgd.Settings> pgd, Optional<Certifier.Settings> certify, boolean keepGradient,
                             long seed) {

    public ProfileOptions {
        Objects.requireNonNull(curvature, "curvature");
        Objects.requireNonNull(hutchinson, "hutchinson");
        Objects.requireNonNull(hvpMode, "hvpMode");
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(randomDirections, "randomDirections");
        Objects.requireNonNull(pgd, "pgd");
        Objects.requireNonNull(certify, "certify");
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
        b.curvature = curvature;
        b.hutchinson = hutchinson;
        b.hvpMode = hvpMode;
        b.attack = attack;
        b.randomDirections = randomDirections;
        b.pgd = pgd;
        b.certify = certify;
        b.keepGradient = keepGradient;
        b.seed = seed;
        return b;
    }

    /** Builds options; every stage starts off, exact products, seed 42. */
    public static final class Builder {
        private Optional<Lanczos.Settings> curvature = Optional.empty();
        private Optional<Hutchinson.Settings> hutchinson = Optional.empty();
        private HvpMode hvpMode = HvpMode.EXACT;
        private Optional<Attack.Settings> attack = Optional.empty();
        private Optional<RandomDirections.Settings> randomDirections = Optional.empty();
        private Optional<Pgd.Settings> pgd = Optional.empty();
        private Optional<Certifier.Settings> certify = Optional.empty();
        private boolean keepGradient;
        private long seed = 42L;

        private Builder() {
        }

        public Builder curvature(Lanczos.Settings settings) {
            curvature = Optional.of(settings);
            return this;
        }

        public Builder noCurvature() {
            curvature = Optional.empty();
            return this;
        }

        /** Hutchinson with {@code probes} probes; 0 turns it off. */
        public Builder hutchinson(int probes) {
            hutchinson = probes == 0 ? Optional.empty() : Optional.of(new Hutchinson.Settings(probes));
            return this;
        }

        public Builder hvpMode(HvpMode mode) {
            hvpMode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder attack(int steps) {
            attack = Optional.of(new Attack.Settings(steps));
            return this;
        }

        public Builder noAttack() {
            attack = Optional.empty();
            return this;
        }

        public Builder randomDirections(RandomDirections.Settings settings) {
            randomDirections = Optional.of(settings);
            return this;
        }

        public Builder noRandomDirections() {
            randomDirections = Optional.empty();
            return this;
        }

        /** L2 PGD at these settings' radii (off unless set). */
        public Builder pgd(Pgd.Settings settings) {
            pgd = Optional.of(settings);
            return this;
        }

        /** The certified radius at these settings (off unless set). */
        public Builder certify(Certifier.Settings settings) {
            certify = Optional.of(settings);
            return this;
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
            return new ProfileOptions(curvature, hutchinson, hvpMode, attack, randomDirections, pgd, certify, keepGradient, seed);
        }
    }
}
