package io.brink.record;

import io.brink.engine.Certification;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Maps an engine result for one window to its score record; the caller says which tier it is. */
public final class ScoreMapper {

    private ScoreMapper() {
    }

    /**
     * The record of window {@code windowSeq} of {@code series} ending at {@code ts}, scored by {@code model};
     * {@code withPerturbation} adds the attack's δ ([T][d]) when it found one.
     */
    public static ScoreRecord map(String series, long ts, long windowSeq, LoadedModel model, Tier tier, WindowProfile p,
                                  boolean withPerturbation) {
        int features = model.classifier().inputSize();
        Optional<Curvature> c = p.curvature();
        Optional<List<ScoreRecord.RadiusProbability>> probs = p.randomDirections().map(ScoreMapper::radii);
        Optional<ScoreRecord.SafeRadius> safe = p.randomDirections().map(FlipProbabilities::safeRadius)
                .map(s -> new ScoreRecord.SafeRadius(s.epsilon(), s.radius(), s.capped()));
        Optional<double[][]> perturbation = Optional.empty();
        Optional<Certification.Proven> cert = p.certification() instanceof Certification.Proven c2 ? Optional.of(c2) : Optional.empty();
        if (withPerturbation && p.attack() instanceof AttackOutcome.Flip f) {
            int steps = f.perturbation().length / features;
            double[][] d = new double[steps][features];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(f.perturbation(), t * features, d[t], 0, features);
            }
            perturbation = Optional.of(d);
        }
        return new ScoreRecord(series, ts, windowSeq, model.name(), model.version(), tier, model.card().className(p.predicted()), p.predicted(),
                model.card().className(p.decision().runnerUp()), p.spread().probabilities(), finite(p.margin()),
                finite(p.spread().entropy()), finite(p.spread().expectedEntropy()), finite(p.spread().mutualInformation()),
                p.spread().probabilityStd(), finite(p.spread().disagreement()), p.spread().method(), p.spread().members(),
                Optional.empty(), finite(p.gradientNorm()),
                c.map(v -> finite(v.eigenvalue())).orElse(OptionalDouble.empty()),
                c.map(v -> finite(v.gradientAlongEigenvector())).orElse(OptionalDouble.empty()),
                c.map(Curvature::converged),
                c.map(v -> OptionalInt.of(v.hessianVectorProducts())).orElse(OptionalInt.empty()),
                finite(p.hessianFrobenius()), finite(p.distances().linear()), finite(p.distances().lower()),
                finite(p.distances().upper()), attackDistance(p.attack()), probs, safe, perturbation,
                p.pgd().map(l -> l.stream().map(f -> new ScoreRecord.PgdRadius(f.radius(), f.flipped())).toList()),
                finite(p.windowNorm()), cert.map(v -> finite(v.l2().radius())).orElse(OptionalDouble.empty()),
                cert.map(v -> finite(v.linf().radius())).orElse(OptionalDouble.empty()),
                cert.map(v -> finite(v.l2().marginLower())).orElse(OptionalDouble.empty()),
                cert.map(v -> v.l2().method()), cert.map(Certification.Proven::bracketed),
                p.certification() instanceof Certification.Refused r ? Optional.of(r.reason()) : Optional.empty());
    }

    private static List<ScoreRecord.RadiusProbability> radii(FlipProbabilities r) {
        List<ScoreRecord.RadiusProbability> out = new ArrayList<>();
        for (FlipProbabilities.Rate rate : r.rates()) {
            out.add(new ScoreRecord.RadiusProbability(rate.radius(), rate.rate(), rate.lower(), rate.upper(), r.directions()));
        }
        return out;
    }

    /** Absent when the attack did not run; present and empty when it ran and found no flip within its budget. */
    private static Optional<ScoreRecord.AttackDistance> attackDistance(AttackOutcome a) {
        if (a instanceof AttackOutcome.Flip f) {
            return Optional.of(new ScoreRecord.AttackDistance(OptionalDouble.of(f.distance())));
        }
        if (a instanceof AttackOutcome.NoFlip) {
            return Optional.of(new ScoreRecord.AttackDistance(OptionalDouble.empty()));
        }
        return Optional.empty();
    }

    private static OptionalDouble finite(double v) {
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }

    private static OptionalDouble finite(OptionalDouble v) {
        return v.isPresent() ? finite(v.getAsDouble()) : v;
    }
}
