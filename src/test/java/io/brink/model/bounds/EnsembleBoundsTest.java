package io.brink.model.bounds;

import io.brink.engine.RandomModels;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ensemble's certified radius (log-mean-exp head over the members' bounds) against an independent float64 forward of
 * the ensemble (ℓ = log mean softmax of each member's {@link ReferenceForward} logits): the head's margin bound lies below
 * the true margin at radius 0 and over random points of each ball; nothing inside a certificate flips the ensemble's
 * class under random points and PGD (20 starts × 100 steps, L2 and L∞).
 */
class EnsembleBoundsTest {

    static Attacks.Forward ensemble(List<SequenceClassifier> members, int T) {
        return x -> {
            int C = members.get(0).numClasses();
            double[] mean = new double[C];
            for (SequenceClassifier m : members) {
                double[] z = ReferenceForward.logits(m, x, T);
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                for (int c = 0; c < C; c++) {
                    mean[c] += Math.exp(z[c] - max) / sum / members.size();
                }
            }
            double[] ell = new double[C];
            for (int c = 0; c < C; c++) {
                ell[c] = Math.log(mean[c]);
            }
            return ell;
        };
    }

    private static double minMargin(double[] ell, int k) {
        double m = Double.POSITIVE_INFINITY;
        for (int j = 0; j < ell.length; j++) {
            if (j != k) {
                m = Math.min(m, ell[k] - ell[j]);
            }
        }
        return m;
    }

    @Test
    void theHeadsBoundIsBelowTheTrueMarginAndNothingInsideTheCertificateFlips() {
        int certified = 0, windows = 0;
        for (int e = 0; e < 3; e++) {
            List<SequenceClassifier> members = List.of(
                    RandomModels.classifier(CellType.values()[e], 1, 2, 4, 3, Activation.TANH, 300 + e),
                    RandomModels.classifier(CellType.values()[(e + 1) % 3], 1, 2, 4, 3, Activation.RELU, 310 + e),
                    RandomModels.classifier(CellType.values()[e], 2, 2, 3, 3, Activation.IDENTITY, 320 + e));
            EnsembleBounds bounds = new EnsembleBounds(members);
            Certifier certifier = new Certifier(bounds, new Certifier.Settings(10, 0.05, 1));
            Random rnd = new Random(40 + e);
            for (int w = 0; w < 4; w++) {
                int T = 3 + w;
                Attacks.Forward f = ensemble(members, T);
                double[] x = RandomModels.gaussian(rnd, T * 2, 0.8);
                double[] ell = f.logits(x);
                int k = ReferenceForward.argmax(ell);
                windows++;
                double atZero = bounds.minMargin(x, 0, T, k, new Ball(0, Norm.L2));
                assertTrue(atZero <= minMargin(ell, k) + 1e-12, "bound " + atZero + " above the margin " + minMargin(ell, k));
                double r = 0.3;
                MarginBounds ball = bounds.marginBounds(x, 0, T, k, new Ball(r, Norm.L2));
                for (int s = 0; s < 200; s++) {
                    double[] p = x.clone();
                    double[] u = RandomModels.gaussian(rnd, p.length, 1.0);
                    double n = 0;
                    for (double v : u) {
                        n += v * v;
                    }
                    double scale = r * rnd.nextDouble() / Math.sqrt(n);
                    for (int i = 0; i < p.length; i++) {
                        p[i] += u[i] * scale;
                    }
                    assertTrue(ball.minLower(r) <= minMargin(f.logits(p), k) + 1e-12, "the ball's bound above a point's margin");
                }
                for (Norm norm : Norm.values()) {
                    Certificate c = certifier.certify(x, 0, T, k, norm, 0.05, OptionalDouble.empty(), 0, Double.NaN);
                    if (c.radius() == 0) {
                        continue;
                    }
                    certified++;
                    assertTrue(c.marginLower() > 0, "a certificate's margin bound is positive");
                    Attacks.assertNoFlip(f, x, k, norm, c.radius(), rnd, "ensemble " + e + " window " + w + " " + norm + " r = " + c.radius());
                }
            }
        }
        assertTrue(certified >= 12, "most windows get a nonzero certificate, got " + certified + " of " + 2 * windows);
    }
}
