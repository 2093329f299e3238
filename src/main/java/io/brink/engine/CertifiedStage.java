package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.algorithm.Pgd;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.bounds.Certificate;
import io.brink.model.bounds.Certifier;
import io.brink.model.bounds.ClassifierBounds;
import io.brink.model.bounds.Norm;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The certified-radius stage: per window, {@link Certifier}'s search in L2 and in L∞, on the host in float64 (the
 * bounds are not run on a device). The search is seeded at a third of the smallest verified flip distance (the
 * attack's, or PGD's first flipping radius), which also caps it; without a flip, at the linear distance estimate.
 * The L∞ search starts from the L2 certificate divided by √D (an L∞ ball of that radius lies inside the L2 ball, so it
 * is proven already). With {@link Certifier.Settings#every()} &gt; 1, only the windows whose values hash to 0 modulo it
 * are certified (the others say the stage did not run for them).
 *
 * <p>Refused, with the reason, for an ensemble (its log-mean-exp head has no bound rule yet) and for a graph model
 * (its ops have no bound rules yet): a certificate is never guessed.
 */
final class CertifiedStage {

    /** The model's bounds, kept for the engine's life (they cache the unrolled network per window length). */
    private final Optional<ClassifierBounds> bounds;
    private final String refusal;

    CertifiedStage(List<? extends Network> members) {
        if (members.size() != 1) {
            bounds = Optional.empty();
            refusal = "certified radius: an ensemble's log-mean-exp head has no bound rule yet";
        } else if (members.get(0) instanceof SequenceClassifier c) {
            bounds = Optional.of(new ClassifierBounds(c));
            refusal = null;
        } else {
            bounds = Optional.empty();
            refusal = "certified radius: the graph model's ops have no bound rules yet (only the fused LSTM/GRU/RNN stack)";
        }
    }

    /** Certifications for windows {@code from .. from+n-1} of {@code batch}. */
    Certification[] run(WindowBatch batch, int from, int n, Certifier.Settings settings, Decision[] decisions,
                        DistanceEstimates[] distances, AttackOutcome[] attacks, List<List<Pgd.Flip>> pgd) {
        Certification[] out = new Certification[n];
        if (bounds.isEmpty()) {
            java.util.Arrays.fill(out, new Certification.Refused(refusal));
            return out;
        }
        Certifier certifier = new Certifier(bounds.get(), settings);
        int T = batch.steps(), D = T * batch.features();
        for (int r = 0; r < n; r++) {
            int offset = (from + r) * D;
            if (settings.every() > 1 && Math.floorMod(windowHash(batch.values(), offset, D), settings.every()) != 0) {
                out[r] = Certification.NOT_RUN;
                continue;
            }
            OptionalDouble flip = smallestFlip(attacks == null ? null : attacks[r], pgd == null ? null : pgd.get(r));
            double linear = distances[r].linear();
            double seed = flip.isPresent() ? flip.getAsDouble() / 3
                    : Double.isFinite(linear) && linear > 0 ? linear : 1.0;
            int k = decisions[r].predicted();
            Certificate l2 = certifier.certify(batch.values(), offset, T, k, Norm.L2, seed, flip, 0, Double.NaN);
            // An L∞ ball of radius ρ/√D lies inside the L2 ball of radius ρ: proven already.
            double within = l2.radius() / Math.sqrt(D);
            Certificate linf = certifier.certify(batch.values(), offset, T, k, Norm.LINF, seed / Math.sqrt(D), flip, within,
                    within > 0 ? l2.marginLower() : Double.NaN);
            boolean bracketed = flip.isPresent() && l2.radius() >= flip.getAsDouble() / (1 + settings.tolerance());
            out[r] = new Certification.Proven(l2, linf, bracketed);
        }
        return out;
    }

    /** A hash of the window's values: which windows a sampled run certifies, the same however the windows are batched. */
    static int windowHash(double[] values, int offset, int width) {
        long h = 1125899906842597L;
        for (int i = offset; i < offset + width; i++) {
            h = 31 * h + Double.doubleToLongBits(values[i]);
        }
        return (int) (h ^ (h >>> 32));
    }

    private static OptionalDouble smallestFlip(AttackOutcome attack, List<Pgd.Flip> pgd) {
        double best = Double.POSITIVE_INFINITY;
        if (attack instanceof AttackOutcome.Flip f) {
            best = f.distance();
        }
        if (pgd != null) {
            for (Pgd.Flip f : pgd) {
                if (f.flipped()) {
                    best = Math.min(best, f.radius());
                    break;
                }
            }
        }
        return Double.isFinite(best) ? OptionalDouble.of(best) : OptionalDouble.empty();
    }
}
