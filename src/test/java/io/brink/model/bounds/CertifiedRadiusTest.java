package io.brink.model.bounds;

import io.brink.engine.RandomModels;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soundness of the certified radius against an independent float64 forward ({@link ReferenceForward}): at radius 0 the
 * bounds are the margins; no random point and no L2 (or L∞) PGD run with 20 random starts × 100 steps inside the
 * certified radius changes the class; on tiny models (T ≤ 4, d = 1, hidden ≤ 4) the certified radius is below the
 * smallest flip a dense search of directions finds. LSTM, GRU and tanh-RNN, one and two layers, with ReLU and tanh
 * heads.
 */
class CertifiedRadiusTest {

    private static final CellType[] CELLS = CellType.values();

    @Test
    void atRadiusZeroTheBoundsAreTheMargins() {
        for (CellType cell : CELLS) {
            for (int layers = 1; layers <= 2; layers++) {
                SequenceClassifier m = RandomModels.classifier(cell, layers, 2, 5, 3, Activation.TANH, 11 + layers);
                Random rnd = new Random(layers);
                for (int w = 0; w < 5; w++) {
                    int T = 1 + w * 3;
                    double[] x = RandomModels.gaussian(rnd, T * 2, 1.0);
                    double[] z = ReferenceForward.logits(m, x, T);
                    double[] lower = new ClassifierBounds(m).marginLower(x, 0, T, 0, new Ball(0, Norm.L2));
                    for (int j = 1; j < 3; j++) {
                        double margin = z[0] - z[j];
                        assertTrue(lower[j] <= margin, cell + " bound above the margin at r = 0");
                        assertEquals(margin, lower[j], 1e-9, cell + " layers " + layers + " T " + T + " class " + j);
                    }
                }
            }
        }
    }

    @Test
    void nothingInsideTheCertifiedRadiusFlipsTheClass() {
        int certifiedWindows = 0;
        for (CellType cell : CELLS) {
            for (int layers = 1; layers <= 2; layers++) {
                Activation head = layers == 1 ? Activation.RELU : Activation.TANH;
                SequenceClassifier m = RandomModels.classifier(cell, layers, 2, 4, 3, head, 31 * layers + cell.ordinal());
                Certifier certifier = new Certifier(m, new Certifier.Settings(10, 0.05, 1));
                Random rnd = new Random(5 + layers);
                for (int w = 0; w < 4; w++) {
                    int T = 3 + w;
                    double[] x = RandomModels.gaussian(rnd, T * 2, 0.8);
                    int k = ReferenceForward.argmax(ReferenceForward.logits(m, x, T));
                    for (Norm norm : Norm.values()) {
                        Certificate c = certifier.certify(x, 0, T, k, norm, 0.05, OptionalDouble.empty(), 0, Double.NaN);
                        assertTrue(c.radius() >= 0 && c.passes() >= 1);
                        if (c.radius() == 0) {
                            continue;
                        }
                        certifiedWindows++;
                        assertTrue(c.marginLower() > 0, "a certificate's margin bound is positive");
                        String where = cell + "×" + layers + " window " + w + " " + norm + " r = " + c.radius();
                        Attacks.assertNoFlip(m, x, T, k, norm, c.radius(), rnd, where);
                    }
                }
            }
        }
        assertTrue(certifiedWindows >= 30, "most windows get a nonzero certificate, got " + certifiedWindows + " of 48");
    }

    @Test
    void onTinyModelsTheCertificateIsBelowTheSmallestFlipADenseSearchFinds() {
        int compared = 0;
        double ratioSum = 0;
        for (CellType cell : CELLS) {
            for (int hidden = 2; hidden <= 4; hidden += 2) {
                SequenceClassifier m = RandomModels.classifier(cell, 1, 1, hidden, 2, Activation.IDENTITY, 100 + hidden + cell.ordinal());
                Certifier certifier = new Certifier(m, new Certifier.Settings(14, 0.01, 1));
                Random rnd = new Random(hidden);
                for (int w = 0; w < 3; w++) {
                    int T = 2 + w;
                    double[] x = RandomModels.gaussian(rnd, T, 0.7);
                    int k = ReferenceForward.argmax(ReferenceForward.logits(m, x, T));
                    double flip = Attacks.smallestFlipAlongDirections(m, x, T, k, 20_000, rnd);
                    if (Double.isInfinite(flip)) {
                        continue;
                    }
                    Certificate c = certifier.certify(x, 0, T, k, Norm.L2, flip / 3, OptionalDouble.of(flip), 0, Double.NaN);
                    assertTrue(c.radius() <= flip, cell + " h" + hidden + " T" + T + ": certified " + c.radius()
                            + " above the dense search's flip at " + flip);
                    compared++;
                    ratioSum += c.radius() / flip;
                }
            }
        }
        assertTrue(compared >= 10, "compared " + compared);
        // Tightness on these tiny models (not a soundness condition, but a bound that certifies nothing would pass the above).
        assertTrue(ratioSum / compared > 0.3, "mean certified / dense-search flip " + ratioSum / compared);
    }

    @Test
    void aSeededSearchFindsTheSameRadiusWithinTheTolerance() {
        SequenceClassifier m = RandomModels.classifier(CellType.LSTM, 2, 2, 4, 3, Activation.TANH, 77);
        double tolerance = 0.05;
        Random rnd = new Random(3);
        int compared = 0;
        for (int w = 0; w < 6; w++) {
            int T = 4 + w;
            double[] x = RandomModels.gaussian(rnd, T * 2, 0.8);
            int k = ReferenceForward.argmax(ReferenceForward.logits(m, x, T));
            Certificate plain = new Certifier(m, new Certifier.Settings(16, tolerance, 1))
                    .certify(x, 0, T, k, Norm.L2, 0.05, OptionalDouble.empty(), 0, Double.NaN);
            if (plain.radius() == 0) {
                continue;
            }
            compared++;
            // Seeds off by a factor of 3 either way, with a spread that assumes 1.5: the search still brackets the radius.
            for (double off : new double[] {1 / 3.0, 1.1, 3}) {
                Certificate seeded = new Certifier(m, new Certifier.Settings(16, tolerance, 1))
                        .certify(x, 0, T, k, Norm.L2, plain.radius() * off, 1.5, OptionalDouble.empty(), 0, Double.NaN);
                double ratio = seeded.radius() / plain.radius();
                assertTrue(ratio > 1 / (1 + tolerance) / (1 + tolerance) && ratio < (1 + tolerance) * (1 + tolerance),
                        "seed ×" + off + ": " + seeded.radius() + " against " + plain.radius());
                Attacks.assertNoFlip(m, x, T, k, Norm.L2, seeded.radius(), rnd, "seeded window " + w);
            }
        }
        assertTrue(compared >= 4, "compared " + compared);
        Certifier c = new Certifier(m, Certifier.Settings.defaults());
        assertThrows(IllegalArgumentException.class,
                () -> c.certify(new double[8], 0, 4, 0, Norm.L2, 0.1, 1.0, OptionalDouble.empty(), 0, Double.NaN));
    }
}
