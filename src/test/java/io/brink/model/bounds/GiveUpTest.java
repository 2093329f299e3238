package io.brink.model.bounds;

import io.brink.engine.RandomModels;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bound pass given up early (its node widths far past those of the window's last fully proven pass) proves nothing
 * (bounds of −∞) and changes no certificate: the searches with and without giving up find the same radii on long windows of a
 * two-layer LSTM and GRU, where past the threshold the bounds blow up.
 */
class GiveUpTest {

    @Test
    void givingUpChangesNoCertificateAndSavesPasses() {
        long givenUp = 0;
        int compared = 0;
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            SequenceClassifier m = RandomModels.classifier(cell, 2, 1, 8, 3, Activation.TANH, 5 + cell.ordinal());
            int T = 24;
            Crown guarded = new Crown(Unrolled.of(m, T));
            Crown plain = new Crown(Unrolled.of(m, T));
            plain.giveUp = false;
            Random rnd = new Random(9);
            for (int w = 0; w < 4; w++) {
                double[] x = RandomModels.gaussian(rnd, T, 1.0);
                int k = ReferenceForward.argmax(ReferenceForward.logits(m, x, T));
                for (Norm norm : Norm.values()) {
                    Certificate a = certifier(guarded).certify(x, 0, T, k, norm, 1.0, OptionalDouble.empty(), 0, Double.NaN);
                    Certificate b = certifier(plain).certify(x, 0, T, k, norm, 1.0, OptionalDouble.empty(), 0, Double.NaN);
                    assertEquals(b.radius(), a.radius(), 0, cell + " window " + w + " " + norm);
                    assertEquals(b.passes(), a.passes(), cell + " window " + w + " " + norm);
                    compared += a.radius() > 0 ? 1 : 0;
                }
            }
            givenUp += guarded.givenUp;
            assertEquals(0, plain.givenUp);
        }
        assertTrue(compared >= 8, "windows with a certificate: " + compared);
        assertTrue(givenUp > 0, "no pass was given up: the test would not see a wrong give-up");
    }

    private static Certifier certifier(Crown crown) {
        return certifier(crown, new Certifier.Settings(10, 0.05, 1));
    }

    /** A certifier over {@code crown}'s passes, checking that a pass given up proves nothing. */
    static Certifier certifier(Crown crown, Certifier.Settings settings) {
        return new Certifier(new ModelBounds() {
            @Override
            public java.util.Optional<String> refusal(int steps) {
                return java.util.Optional.empty();
            }

            @Override
            public MarginBounds marginBounds(double[] x, int offset, int steps, int k, Ball ball) {
                long before = crown.givenUp;
                Margins m = crown.margins(x, offset, k, ball);
                if (crown.givenUp > before) { // a pass given up proves nothing, at any radius
                    assertEquals(0, m.certifiedWithin());
                    assertEquals(Double.NEGATIVE_INFINITY, m.minLower(0));
                }
                return m;
            }

            @Override
            public double minMargin(double[] x, int offset, int steps, int k, Ball ball) {
                return crown.margins(x, offset, k, ball).minLower(ball.radius());
            }

            @Override
            public long multiplyAdds() {
                return crown.multiplyAdds();
            }
        }, settings);
    }
}
